package dev.trellis.cni.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the JRE the installer runs on into the runtime directory, so that the host can run the launcher: a
 * container's JRE is not on the host's filesystem. Each copy is named after a digest of the JRE's
 * {@code release} file ({@code jre-<digest>}), written under a temporary name and renamed when complete, so a
 * launcher never sees half a JRE and a new image's JRE sits beside the old one until the launcher points to it.
 * An unchanged JRE is not copied again; copies no launcher uses any more are removed by {@link #prune}.
 */
final class JreCopy {
    static final String PREFIX = "jre-";

    private JreCopy() {
    }

    /** The copy of {@code javaHome} in {@code runtimeDir}, made if missing. */
    static Path ensure(Path javaHome, Path runtimeDir) throws IOException {
        Path target = runtimeDir.resolve(PREFIX + digest(javaHome));
        if (Files.isExecutable(target.resolve("bin/java"))) {
            return target;
        }
        Path tmp = runtimeDir.resolve("." + target.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(runtimeDir);
        copyTree(javaHome, tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Removes every JRE copy in {@code runtimeDir} but {@code keep} (none when {@code keep} is null). */
    static void prune(Path runtimeDir, Path keep) throws IOException {
        if (!Files.isDirectory(runtimeDir)) {
            return;
        }
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> entries = Files.list(runtimeDir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).forEach(copies::add);
        }
        for (Path copy : copies) {
            if (!copy.equals(keep)) {
                deleteTree(copy);
            }
        }
    }

    private static String digest(Path javaHome) throws IOException {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            throw new IOException(javaHome + " has no 'release' file (expected: a JDK or a jlink image)");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(release));
            sha.update(javaHome.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Path source = from.toRealPath();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
