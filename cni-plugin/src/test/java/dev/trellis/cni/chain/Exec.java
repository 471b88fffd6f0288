package dev.trellis.cni.chain;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program with exactly the given environment and stdin, as a runtime does. */
final class Exec {
    private Exec() {
    }

    static Result run(List<String> argv, Map<String, String> env, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // exited before reading stdin; the exit code says why
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(argv + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(process.exitValue(), stdout, new String(stderr.join(), StandardCharsets.UTF_8));
    }

    static Result sh(String... argv) throws IOException {
        return run(List.of(argv), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), "");
    }

    static String ok(String... argv) throws IOException {
        Result result = sh(argv);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", argv) + " exited " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }
}
