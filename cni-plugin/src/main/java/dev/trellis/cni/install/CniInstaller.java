package dev.trellis.cni.install;

import dev.trellis.cni.spec.Json;
import dev.trellis.cni.spec.JsonException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Installs {@code trellis-cni} on a node: the launcher (and jar) into the CNI bin directory, our entry last in
 * the primary network's conflist. {@link #ensure()} is idempotent and is what the {@link ConflistWatcher} calls
 * when the primary CNI rewrites its file; {@link #uninstall()} takes every trace out again. Files are replaced
 * atomically (write a hidden temp file, then rename), so a runtime never reads half a conflist.
 */
public final class CniInstaller {
    private final InstallerConfig config;

    public CniInstaller(InstallerConfig config) {
        this.config = config;
    }

    public InstallerConfig config() {
        return config;
    }

    /** Installs the launcher and chains into the conflist; returns the conflist that now holds our entry. */
    public Path install() throws IOException {
        installBinaries();
        return ensure().orElseThrow(() -> new IOException("cniConfDir " + config.cniConfDir()
                + ": no .conflist or .conf file (expected: the primary CNI's configuration; is it installed?)"));
    }

    /**
     * Puts our entry last in the target conflist if it is not already there exactly; empty if there is no
     * network configuration yet (the primary CNI has not written it; the watcher calls again when it does).
     * Synchronized: the watcher's thread and the caller may both ensure at once, and writes share a temp name.
     */
    public synchronized Optional<Path> ensure() throws IOException {
        Optional<Path> target = targetFile();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Path file = target.get();
        Map<String, Object> json = read(file);
        boolean singleConf = !file.getFileName().toString().endsWith(".conflist");
        Map<String, Object> conflist = singleConf ? ConflistEditor.fromSingleConf(json) : json;
        Map<String, Object> entry = ConflistEditor.pluginEntry(config.agentSocket().toString(), config.failOpen(),
                config.excludeNamespaces());
        if (!singleConf && ConflistEditor.isInstalled(conflist, entry)) {
            return Optional.of(file);
        }
        Path out = singleConf ? file.resolveSibling(stem(file) + ".conflist") : file;
        writeAtomically(out, Json.write(ConflistEditor.withPlugin(conflist, entry)) + "\n");
        if (singleConf) {
            Files.delete(file);
        }
        return Optional.of(out);
    }

    /** Removes our entry from every network configuration and our files from the bin directory. */
    public void uninstall() throws IOException {
        for (Path file : configFiles()) {
            if (!file.getFileName().toString().endsWith(".conflist")) {
                continue;
            }
            Map<String, Object> conflist = read(file);
            if (ConflistEditor.containsPlugin(conflist)) {
                writeAtomically(file, Json.write(ConflistEditor.withoutPlugin(conflist)) + "\n");
            }
        }
        Files.deleteIfExists(config.cniBinDir().resolve(InstallerConfig.LAUNCHER_NAME));
        Files.deleteIfExists(config.cniBinDir().resolve(InstallerConfig.JVM_LAUNCHER_NAME));
        Files.deleteIfExists(config.runtimeDir().resolve(InstallerConfig.JAR_NAME));
        Files.deleteIfExists(config.runtimeDir().resolve(InstallerConfig.ARCHIVE_NAME));
    }

    /**
     * The jar and its cache into the runtime directory; into the bin directory the Java launcher that names
     * them, and in front of it the fast launcher when the build made one for this machine.
     */
    public void installBinaries() throws IOException {
        Files.createDirectories(config.cniBinDir());
        Files.createDirectories(config.runtimeDir());
        Path classpath = config.pluginJar();
        Optional<Path> archive = Optional.empty();
        if (Files.isRegularFile(classpath)) {
            Path jar = config.runtimeDir().resolve(InstallerConfig.JAR_NAME);
            Path tmp = config.runtimeDir().resolve("." + InstallerConfig.JAR_NAME + ".tmp");
            Files.copy(classpath, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
            classpath = jar;
            archive = AotCache.train(config.javaHome(), jar,
                    config.runtimeDir().resolve(InstallerConfig.ARCHIVE_NAME));
        }
        String script = LauncherScript.render(config.javaHome(), classpath.toAbsolutePath(), archive);
        Optional<byte[]> fast = NativeLauncher.forThisMachine();
        Path launcher = config.cniBinDir().resolve(InstallerConfig.LAUNCHER_NAME);
        Path jvmLauncher = config.cniBinDir().resolve(InstallerConfig.JVM_LAUNCHER_NAME);
        if (fast.isPresent()) {
            // The Java launcher first: the fast one hands over to it by this name.
            writeExecutable(jvmLauncher, script.getBytes(StandardCharsets.UTF_8));
            writeExecutable(launcher, fast.get());
        } else {
            writeExecutable(launcher, script.getBytes(StandardCharsets.UTF_8));
            Files.deleteIfExists(jvmLauncher);
        }
    }

    private static void writeExecutable(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Optional<Path> targetFile() throws IOException {
        if (config.conflistName().isPresent()) {
            Path named = config.cniConfDir().resolve(config.conflistName().get());
            return Files.isRegularFile(named) ? Optional.of(named) : Optional.empty();
        }
        List<Path> files = configFiles();
        return files.isEmpty() ? Optional.empty() : Optional.of(files.getFirst());
    }

    /** Network configuration files in name order, as libcni lists them. */
    private List<Path> configFiles() throws IOException {
        if (!Files.isDirectory(config.cniConfDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(config.cniConfDir())) {
            return new ArrayList<>(files.filter(CniInstaller::isNetworkConfig).sorted().toList());
        }
    }

    static boolean isNetworkConfig(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && Files.isRegularFile(file)
                && (name.endsWith(".conflist") || name.endsWith(".conf") || name.endsWith(".json"));
    }

    private static Map<String, Object> read(Path file) throws IOException {
        try {
            return Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonException | IllegalArgumentException e) {
            throw new IOException(file + ": not a CNI network configuration: " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
