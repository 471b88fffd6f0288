package dev.trellis.ctl.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the lab's long-running processes (detached, in their own session, output to a log file) and stops
 * them: SIGTERM first, SIGKILL after a grace period.
 */
public final class LabProcesses {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Path logDir;

    public LabProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Starts {@code command} in network namespace {@code netns} (or the host's when empty), with extra
     * environment variables; its output goes to {@code <logDir>/<file>.log}.
     */
    public LabState.LabProcess start(String name, Optional<String> netns, List<String> command,
            Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        netns.ifPresent(n -> argv.addAll(List.of("ip", "netns", "exec", n)));
        argv.addAll(command);
        Path log = logDir.resolve(name.replace('/', '_') + ".log");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            return new LabState.LabProcess(name, p.pid(), netns.orElse(""), log.toString(), command);
        } catch (IOException e) {
            throw new LabException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    /** What the log gained after {@code offset} bytes (empty if it cannot be read). */
    static String logSince(Path log, long offset) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 1 << 20)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Asks the process to stop (SIGTERM) and waits up to {@code patience} for it to exit on its own (a
     * node-agent draining its connections), then kills what is left. Returns whether it exited by itself.
     */
    public boolean stopPatiently(LabState.LabProcess process, Duration patience) {
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        if (handle.isEmpty()) {
            return true;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            stop(process);
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            return false;
        }
    }

    /** Sends SIGTERM and returns at once; whether the process was already gone. */
    public boolean askToStop(LabState.LabProcess process) {
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        handle.ifPresent(ProcessHandle::destroy);
        return handle.isEmpty();
    }

    /** Whether the process is still running. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the process and everything it started; returns once they are gone or were killed. */
    public void stop(LabState.LabProcess process) {
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid());
        if (handle.isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(handle.get().descendants().toList());
        tree.add(handle.get());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }
}
