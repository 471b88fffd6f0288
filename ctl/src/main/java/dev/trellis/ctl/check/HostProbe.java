package dev.trellis.ctl.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How checks look at the host: files, programs on a search path, and commands. A seam, so tests can point
 * checks at a prepared directory or an empty PATH.
 */
public class HostProbe {

    private final List<Path> path;
    private final Path root;

    /** Probes the real host with the given program search path. */
    public HostProbe(List<Path> path) {
        this(path, Path.of("/"));
    }

    /** Probes a host whose files live under {@code root} (tests use a temporary directory). */
    public HostProbe(List<Path> path, Path root) {
        this.path = List.copyOf(path);
        this.root = root;
    }

    /** The program search path of this process ({@code PATH}). */
    public static List<Path> systemPath() {
        String p = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return java.util.Arrays.stream(p.split(":")).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    /** The file at an absolute host path. */
    public Path file(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    public Optional<String> read(String absolute) {
        try {
            return Optional.of(Files.readString(file(absolute), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Optional<Path> program(String name) {
        return path.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** Runs a program found on the path; empty when it is missing, did not finish in 10 s, or failed. */
    public Optional<String> output(String program, String... args) {
        Optional<Path> binary = program(program);
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = new java.util.ArrayList<>(List.of(binary.get().toString()));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
