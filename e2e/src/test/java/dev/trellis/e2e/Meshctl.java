package dev.trellis.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/meshctl} as a user would: a separate process, arguments as given, output captured, bounded
 * in time. End-to-end tests drive the lab only through this.
 */
final class Meshctl {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** What one meshctl call printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("meshctl exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    private final Path binary;

    Meshctl() {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        this.binary = root.resolve("bin/meshctl");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: build with 'make build' first");
        }
    }

    Result run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    Result run(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(List.of(binary.toString()));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).start();
            p.getOutputStream().close();
            var out = new StringBuilder();
            var err = new StringBuilder();
            Thread o = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
            Thread e = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("meshctl " + String.join(" ", args) + " did not finish in " + timeout);
            }
            o.join();
            e.join();
            return new Result(p.exitValue(), out.toString(), err.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void drain(java.io.InputStream in, StringBuilder into) {
        try {
            into.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            into.append("(unreadable: ").append(e.getMessage()).append(')');
        }
    }
}
