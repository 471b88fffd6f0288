package dev.trellis.ctl.lab;

import java.net.InetAddress;

/**
 * The lab's addressing plan, as pure arithmetic. Only 198.18.0.0/15 and fd00:7472::/32 are ever used:
 *
 * <pre>
 *   host bridge <prefix>0      198.18.0.1/24         fd00:7472::1/64
 *   node i (1..100)            198.18.0.(10+i)/24    fd00:7472::(10+i)/64   netns <prefix>-node-i
 *   pods on node i             198.18.(100+i).0/24   fd00:7472:0:(100+i)::/64  (CNI bridge + host-local)
 *   service VIPs               198.19.0.0/16         fd00:7472:ffff::/112
 * </pre>
 */
public final class LabLayout {

    /** The prefix of every name the lab gives namespaces, links and files. */
    public static final String DEFAULT_PREFIX = "trl-lab";
    public static final String HOST_ADDRESS = "198.18.0.1";
    public static final String HOST_ADDRESS6 = "fd00:7472::1";
    public static final int MAX_NODES = 100;
    public static final int MAX_SERVICES = 65_000;

    private final String prefix;

    /** A layout whose names start with {@code prefix} (tests use their own, so they never touch a user's lab). */
    public LabLayout(String prefix) {
        if (!prefix.matches("trl-[a-z0-9]{1,6}")) {
            throw new IllegalArgumentException("lab prefix: '" + prefix + "' (expected: trl- and 1-6 of [a-z0-9])");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The host bridge joining the nodes. */
    public String hostBridge() {
        return prefix + "0";
    }

    /** The node's name in the cluster, {@code node-i}. */
    /** The number of a node named {@code node-N}; a clear error for any other name. */
    public static int nodeNumber(String name) {
        if (name.matches("node-\\d{1,3}")) {
            int n = Integer.parseInt(name.substring(5));
            if (n >= 1 && n <= MAX_NODES) {
                return n;
            }
        }
        throw new LabException("node '" + name + "' (expected: node-1 .. node-" + MAX_NODES + ")");
    }

    public static String nodeName(int node) {
        checkNode(node);
        return "node-" + node;
    }

    /** The network namespace that simulates node {@code i}. */
    public String nodeNetns(int node) {
        checkNode(node);
        return prefix + "-node-" + node;
    }

    /** The host end of node {@code i}'s link to the lab bridge. */
    public String nodeHostLink(int node) {
        checkNode(node);
        return prefix + "-n" + node;
    }

    public static String nodeAddress(int node) {
        checkNode(node);
        return "198.18.0." + (10 + node);
    }

    public static String nodeAddress6(int node) {
        checkNode(node);
        return "fd00:7472::" + Integer.toHexString(10 + node);
    }

    /** The IPv4 pod range of node {@code i}, e.g. {@code 198.18.101.0/24}. */
    public static String podCidr(int node) {
        checkNode(node);
        return "198.18." + (100 + node) + ".0/24";
    }

    public static String podCidr6(int node) {
        checkNode(node);
        return "fd00:7472:0:" + Integer.toHexString(100 + node) + "::/64";
    }

    /** The IPv4 VIP of the {@code index}-th service (0-based). */
    public static InetAddress serviceVip(int index) {
        if (index < 0 || index >= MAX_SERVICES) {
            throw new IllegalArgumentException("service index: " + index + " (expected: 0-" + (MAX_SERVICES - 1) + ")");
        }
        int host = index + 10;
        return InetAddress.ofLiteral("198.19." + (host >> 8) + "." + (host & 0xff));
    }

    public static InetAddress serviceVip6(int index) {
        serviceVip(index);
        return InetAddress.ofLiteral("fd00:7472:ffff::" + Integer.toHexString(index + 10));
    }

    /**
     * The network namespace of a pod: {@code trl-lab-p-<namespace>-<name>}, cut to fit Linux's limit on
     * file names under /var/run/netns with a hash suffix when long.
     */
    public String podNetns(String namespace, String name) {
        String full = prefix + "-p-" + namespace + "-" + name;
        if (full.length() <= 60) {
            return full;
        }
        String hash = Integer.toHexString((namespace + "/" + name).hashCode() & 0x7fffffff);
        return full.substring(0, 60 - hash.length() - 1) + "-" + hash;
    }

    private static void checkNode(int node) {
        if (node < 1 || node > MAX_NODES) {
            throw new IllegalArgumentException("node: " + node + " (expected: 1-" + MAX_NODES + ")");
        }
    }
}
