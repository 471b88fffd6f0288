package dev.trellis.ctl.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs system commands ({@code ip}, CNI plugins) as argument vectors, never through a shell, and turns a
 * failure into a {@link LabException} that quotes the command and its standard error.
 */
public final class Commands {

    private static final long TIMEOUT_SECONDS = 30;

    /** What a finished command printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs the command and fails unless it exits 0. */
    public Result run(String... argv) {
        return run(Map.of(), null, List.of(argv));
    }

    /** Runs the command, ignoring a non-zero exit (for clean-up of things that may be gone already). */
    public Result runQuietly(String... argv) {
        return execute(Map.of(), null, List.of(argv));
    }

    /** Runs the command with extra environment variables and the given standard input; fails unless 0. */
    public Result run(Map<String, String> env, String stdin, List<String> argv) {
        Result r = execute(env, stdin, argv);
        if (!r.ok()) {
            throw new LabException("'" + String.join(" ", argv) + "' failed (exit " + r.exitCode() + "): "
                    + (r.stderr().isBlank() ? r.stdout().strip() : r.stderr().strip()));
        }
        return r;
    }

    /** Runs {@code argv} inside the named network namespace. */
    public Result inNetns(String netns, String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(argv));
        return run(Map.of(), null, full);
    }

    Result execute(Map<String, String> env, String stdin, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            // Read both streams on their own threads so that a chatty command cannot block on a full pipe.
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            Thread outReader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), stdout));
            Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), stderr));
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException("'" + String.join(" ", argv) + "' did not finish in " + TIMEOUT_SECONDS + " s");
            }
            outReader.join();
            errReader.join();
            return new Result(p.exitValue(), stdout.toString(), stderr.toString());
        } catch (IOException e) {
            throw new LabException("cannot run '" + argv.getFirst() + "': " + e.getMessage()
                    + " (is it installed? make setup installs the lab's packages)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running '" + String.join(" ", argv) + "'", e);
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
