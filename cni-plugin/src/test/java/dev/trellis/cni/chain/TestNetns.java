package dev.trellis.cni.chain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** A named network namespace ({@code trl-<random>-<role>}) that is deleted on close. */
final class TestNetns implements AutoCloseable {
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    static TestNetns create(String role) throws IOException {
        String name = "trl-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff)) + "-" + role;
        Exec.ok("ip", "netns", "add", name);
        TestNetns netns = new TestNetns(name);
        Exec.ok("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        return netns;
    }

    String name() {
        return name;
    }

    Path path() {
        return Path.of("/var/run/netns", name);
    }

    /** Runs a command inside the namespace and returns its stdout; fails on a non-zero exit. */
    String exec(String... command) throws IOException {
        String[] argv = new String[command.length + 2];
        argv[0] = "nsenter";
        argv[1] = "--net=" + path();
        System.arraycopy(command, 0, argv, 2, command.length);
        return Exec.ok(argv);
    }

    @Override
    public void close() throws IOException {
        Exec.sh("ip", "netns", "del", name);
    }
}
