package dev.trellis.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace for one test, named {@code trl-<random>-linux}, removed on close. Root only: in CI
 * (which runs as root) a non-root run fails instead of skipping.
 */
final class TestNetns implements AutoCloseable {

    final String name;

    TestNetns() {
        requireRoot();
        name = "trl-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36) + "-linux";
        run("ip", "netns", "add", name);
        run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
    }

    Path path() {
        return Path.of("/var/run/netns", name);
    }

    /** Runs a command inside the namespace and returns its output; fails on a non-zero exit. */
    String exec(String... argv) {
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(argv));
        return run(full.toArray(new String[0]));
    }

    @Override
    public void close() {
        run("ip", "netns", "delete", name);
    }

    static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getProperty("trellis.ci"))) {
            throw new IllegalStateException("these tests need root, and CI runs as root");
        }
        Assumptions.assumeTrue(root, "needs root (network namespaces)");
    }

    static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
