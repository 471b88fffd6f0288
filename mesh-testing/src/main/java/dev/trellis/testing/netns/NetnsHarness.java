package dev.trellis.testing.netns;

import dev.trellis.core.model.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated hosts for one test: network namespaces and veth pairs named {@code trl-t<pid>x<n>-...},
 * removed by {@link #close()} whatever happened in between, and by a shutdown hook if the JVM exits first.
 * Addresses outside 198.18.0.0/15 and fd00:7472::/32 are refused.
 */
public final class NetnsHarness implements AutoCloseable {

    private static final List<Cidr> ALLOWED = List.of(Cidr.parse("198.18.0.0/15"), Cidr.parse("fd00:7472::/32"));
    /** {@code trl-t<pid>x<random>-<name>}: distinct from the lab's {@code trl-lab-...}, which is never swept. */
    private static final Pattern OUR_NAME = Pattern.compile("trl-t([0-9a-z]+)x[0-9a-z]{1,2}-.*");

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> hostLinks = new ArrayList<>();
    private final Thread cleanupOnExit = new Thread(this::removeAll, "netns-harness-cleanup");
    private int links;

    private NetnsHarness() {
        this.prefix = "trl-t" + Long.toString(ProcessHandle.current().pid(), 36) + "x"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** A harness for one test; first removes namespaces left by test processes that no longer run. */
    public static NetnsHarness create() {
        RootRequirement.check();
        sweepStale();
        return new NetnsHarness();
    }

    /** Creates namespace {@code <prefix>-<name>} with loopback up; returns its full name. */
    public String namespace(String name) {
        String full = prefix + "-" + name;
        run("ip", "netns", "add", full);
        namespaces.add(full);
        exec(full, "ip", "link", "set", "lo", "up");
        return full;
    }

    /** The namespace's path, for setns. */
    public static Path path(String namespace) {
        return Path.of("/var/run/netns", namespace);
    }

    /** Joins two namespaces with a veth pair, interface {@code ifA} in {@code a} and {@code ifB} in {@code b}. */
    public void veth(String a, String ifA, String b, String ifB) {
        String tmpA = prefix.substring(0, Math.min(prefix.length(), 9)) + "a" + (++links);
        String tmpB = prefix.substring(0, Math.min(prefix.length(), 9)) + "b" + links;
        run("ip", "link", "add", tmpA, "type", "veth", "peer", "name", tmpB);
        run("ip", "link", "set", tmpA, "netns", a);
        run("ip", "link", "set", tmpB, "netns", b);
        exec(a, "ip", "link", "set", tmpA, "name", ifA);
        exec(b, "ip", "link", "set", tmpB, "name", ifB);
        exec(a, "ip", "link", "set", ifA, "up");
        exec(b, "ip", "link", "set", ifB, "up");
    }

    /** Creates bridge {@code name} inside {@code namespace} (a simulated switch), up. */
    public void bridge(String namespace, String name) {
        exec(namespace, "ip", "link", "add", name, "type", "bridge");
        exec(namespace, "ip", "link", "set", name, "up");
    }

    /** Plugs {@code host} into the bridge in {@code switchNamespace}: a veth whose switch end joins the bridge. */
    public void plug(String host, String hostIf, String switchNamespace, String bridge, String switchIf) {
        veth(host, hostIf, switchNamespace, switchIf);
        exec(switchNamespace, "ip", "link", "set", switchIf, "master", bridge);
    }

    /** Adds {@code cidr} (in the allowed ranges) to {@code dev} in {@code namespace}. */
    public void address(String namespace, String dev, String cidr) {
        InetAddress address = Cidr.parse(cidr).network();
        if (ALLOWED.stream().noneMatch(c -> c.contains(address))) {
            throw new IllegalArgumentException("address " + cidr + " is outside 198.18.0.0/15 and fd00:7472::/32"
                    + " (tests use only those and loopback)");
        }
        if (cidr.contains(":")) {
            exec(namespace, "ip", "-6", "addr", "add", cidr, "dev", dev, "nodad");
        } else {
            exec(namespace, "ip", "addr", "add", cidr, "dev", dev);
        }
    }

    /** Runs a command inside the namespace; returns its output, fails on a non-zero exit. */
    public String exec(String namespace, String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(argv));
        return run(full.toArray(new String[0]));
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run: nothing more to do.
        }
    }

    private synchronized void removeAll() {
        for (String ns : namespaces) {
            runQuietly("ip", "netns", "delete", ns);
        }
        namespaces.clear();
        hostLinks.forEach(l -> runQuietly("ip", "link", "delete", l));
        hostLinks.clear();
    }

    /** Deletes {@code trl-<pid>-...} namespaces whose creating process is gone (a test JVM that was killed). */
    static void sweepStale() {
        for (String line : runQuietly("ip", "netns", "list").lines().toList()) {
            String name = line.split(" ")[0];
            Matcher m = OUR_NAME.matcher(name);
            if (!m.matches()) {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(m.group(1), 36);
            } catch (NumberFormatException e) {
                continue;
            }
            if (ProcessHandle.of(pid).isEmpty()) {
                runQuietly("ip", "netns", "delete", name);
            }
        }
    }

    static String run(String... argv) {
        String out = execute(argv, true);
        return out;
    }

    private static String runQuietly(String... argv) {
        return execute(argv, false);
    }

    private static String execute(String[] argv, boolean check) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (check && (!done || p.exitValue() != 0)) {
                throw new IllegalStateException("'" + String.join(" ", argv) + "' failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv[0] + " (is iproute2 installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
