package dev.trellis.cni.install;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Trains an AppCDS archive for the launcher at install time: runs it once on the forwarding path (a STATUS
 * request to a socket nobody listens on, which loads the unix-socket classes) with
 * {@code -XX:ArchiveClassesAtExit}. Later starts map the archive instead of loading and verifying those classes.
 * Archives need a jar class path; anything that goes wrong just means no archive (the launcher works without).
 */
final class ClassDataArchive {
    private static final long TRAINING_TIMEOUT_SECONDS = 60;

    private ClassDataArchive() {
    }

    static Optional<Path> train(Path javaHome, Path jar, Path archive) {
        Path tmp = archive.resolveSibling("." + archive.getFileName() + ".tmp");
        List<String> argv = new ArrayList<>();
        argv.add(javaHome.resolve("bin/java").toString());
        argv.addAll(LauncherScript.JVM_FLAGS);
        argv.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-cp", jar.toString(), LauncherScript.MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CNI_COMMAND", "STATUS");
        try {
            Files.deleteIfExists(tmp);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(("{\"cniVersion\":\"1.0.0\",\"name\":\"training\",\"agentSocket\":\""
                        + archive.resolveSibling(".no-agent.sock") + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (!Files.isRegularFile(tmp)) {
                return Optional.empty();
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(archive);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
