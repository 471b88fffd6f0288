package dev.trellis.cni.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs {@code nsenter --net=<netns> <command>} as a child process, with a deadline. */
public final class NsenterCommandRunner implements NetnsCommandRunner {
    private final String nsenter;
    private final long timeoutMillis;

    public NsenterCommandRunner(String nsenter, long timeoutMillis) {
        this.nsenter = nsenter;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Result run(Path netns, List<String> command, String stdin) throws IOException {
        List<String> argv = new ArrayList<>(command.size() + 2);
        argv.add(nsenter);
        argv.add("--net=" + netns);
        argv.addAll(command);
        Process process = new ProcessBuilder(argv).start();
        try (var stderrReader = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> stderr = stderrReader.submit(() -> read(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The tool may exit before reading stdin (e.g. a bad netns); its exit code tells the story.
            }
            String stdout = read(process.getInputStream());
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": still running after " + timeoutMillis + " ms");
            }
            return new Result(process.exitValue(), stdout, stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", argv) + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(String.join(" ", argv) + ": reading stderr failed", e.getCause());
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
