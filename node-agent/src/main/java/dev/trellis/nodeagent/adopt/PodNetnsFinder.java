package dev.trellis.nodeagent.adopt;

import dev.trellis.cni.rules.NetnsCommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds which network namespace holds each of a set of addresses, by listing the addresses inside every
 * namespace of the node ({@code ip -o addr show}, run in the namespace) until all are found. A namespace that
 * vanishes or cannot be entered is skipped: it is no pod we could capture anyway.
 */
public final class PodNetnsFinder {
    private static final Logger log = LoggerFactory.getLogger(PodNetnsFinder.class);
    private static final List<String> LIST_ADDRESSES = List.of("ip", "-o", "addr", "show");

    private final Supplier<List<Path>> namespaces;
    private final NetnsCommandRunner runner;

    public PodNetnsFinder(Supplier<List<Path>> namespaces, NetnsCommandRunner runner) {
        this.namespaces = namespaces;
        this.runner = runner;
    }

    /** The namespace of each wanted address that some namespace holds; absent addresses are left out. */
    public Map<InetAddress, Path> find(Set<InetAddress> wanted) {
        Map<InetAddress, Path> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        for (Path netns : namespaces.get()) {
            for (InetAddress address : addressesIn(netns)) {
                if (wanted.contains(address)) {
                    found.putIfAbsent(address, netns);
                }
            }
            if (found.size() == wanted.size()) {
                break;
            }
        }
        return found;
    }

    private Set<InetAddress> addressesIn(Path netns) {
        try {
            NetnsCommandRunner.Result result = runner.run(netns, LIST_ADDRESSES, "");
            if (result.succeeded()) {
                return parse(result.stdout());
            }
            log.debug("cannot list addresses in {}: {}", netns, result.stderr().strip());
        } catch (IOException e) {
            log.debug("cannot enter {}: {}", netns, e.getMessage());
        }
        return Set.of();
    }

    /** Reads the {@code inet ADDR/LEN} and {@code inet6 ADDR/LEN} fields of {@code ip -o addr show}. */
    static Set<InetAddress> parse(String ipOutput) {
        Set<InetAddress> addresses = new HashSet<>();
        for (String line : ipOutput.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            for (int i = 0; i + 1 < fields.length; i++) {
                if (fields[i].equals("inet") || fields[i].equals("inet6")) {
                    String literal = fields[i + 1].replaceFirst("/\\d+$", "");
                    try {
                        addresses.add(InetAddress.ofLiteral(literal));
                    } catch (IllegalArgumentException e) {
                        log.debug("not an address in 'ip addr' output: {}", literal);
                    }
                }
            }
        }
        return addresses;
    }
}
