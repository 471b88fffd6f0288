package dev.trellis.ctl.lab;

import java.util.List;

/**
 * Builds and removes the lab's nodes: one network namespace per node, each joined to the host bridge by a
 * veth pair, forwarding on, and a route to every other node's pod range through that node. Every step is
 * idempotent, so {@code lab up} can be run again after a partial failure.
 */
public final class LabNetwork {

    private final Commands commands;
    private final LabLayout layout;

    public LabNetwork(Commands commands, LabLayout layout) {
        this.commands = commands;
        this.layout = layout;
    }

    /** Creates (or completes) the bridge and {@code nodes} nodes. */
    public void up(int nodes) {
        ensureBridge();
        for (int node = 1; node <= nodes; node++) {
            ensureNode(node);
        }
        for (int node = 1; node <= nodes; node++) {
            routePods(node, nodes);
        }
    }

    /** Whether the network namespace exists. */
    public boolean netnsExists(String name) {
        return commands.runQuietly("ip", "netns", "list").stdout().lines()
                .anyMatch(line -> line.split(" ")[0].equals(name));
    }

    /** All lab namespaces that exist now (nodes and pods), by prefix. */
    public List<String> labNamespaces() {
        return commands.runQuietly("ip", "netns", "list").stdout().lines()
                .map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(layout.prefix() + "-"))
                .toList();
    }

    /**
     * Removes every lab namespace, the nodes' host links and the bridge. The host links are deleted
     * explicitly: the kernel removes a veth whose peer's namespace is gone only when it gets round to it.
     */
    public void down() {
        for (String link : labHostLinks()) {
            commands.runQuietly("ip", "link", "delete", link);
        }
        for (String netns : labNamespaces()) {
            commands.runQuietly("ip", "netns", "delete", netns);
        }
        commands.runQuietly("ip", "link", "delete", layout.hostBridge());
    }

    private List<String> labHostLinks() {
        return commands.runQuietly("ip", "-o", "link", "show").stdout().lines()
                .map(line -> line.split(": ")[1].split("@")[0])
                .filter(name -> name.startsWith(layout.prefix() + "-n"))
                .toList();
    }

    private void ensureBridge() {
        if (commands.runQuietly("ip", "link", "show", layout.hostBridge()).ok()) {
            return;
        }
        commands.run("ip", "link", "add", layout.hostBridge(), "type", "bridge");
        commands.run("ip", "addr", "add", LabLayout.HOST_ADDRESS + "/24", "dev", layout.hostBridge());
        commands.run("ip", "-6", "addr", "add", LabLayout.HOST_ADDRESS6 + "/64", "dev", layout.hostBridge(), "nodad");
        commands.run("ip", "link", "set", layout.hostBridge(), "up");
    }

    private void ensureNode(int node) {
        String netns = layout.nodeNetns(node);
        String hostLink = layout.nodeHostLink(node);
        if (!netnsExists(netns)) {
            commands.run("ip", "netns", "add", netns);
        }
        if (!commands.runQuietly("ip", "link", "show", hostLink).ok()) {
            commands.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "eth0", "netns", netns);
            commands.run("ip", "link", "set", hostLink, "master", layout.hostBridge(), "up");
            commands.inNetns(netns, "ip", "addr", "add", LabLayout.nodeAddress(node) + "/24", "dev", "eth0");
            commands.inNetns(netns, "ip", "-6", "addr", "add", LabLayout.nodeAddress6(node) + "/64", "dev", "eth0",
                    "nodad");
            commands.inNetns(netns, "ip", "link", "set", "eth0", "up");
            commands.inNetns(netns, "ip", "link", "set", "lo", "up");
            commands.inNetns(netns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            commands.inNetns(netns, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        }
        // The host reaches pods through their node, so meshctl and the control plane can talk to them.
        commands.runQuietly("ip", "route", "replace", LabLayout.podCidr(node), "via", LabLayout.nodeAddress(node));
        commands.runQuietly("ip", "-6", "route", "replace", LabLayout.podCidr6(node), "via",
                LabLayout.nodeAddress6(node));
    }

    private void routePods(int node, int nodes) {
        String netns = layout.nodeNetns(node);
        for (int other = 1; other <= nodes; other++) {
            if (other == node) {
                continue;
            }
            commands.inNetns(netns, "ip", "route", "replace", LabLayout.podCidr(other), "via",
                    LabLayout.nodeAddress(other));
            commands.inNetns(netns, "ip", "-6", "route", "replace", LabLayout.podCidr6(other), "via",
                    LabLayout.nodeAddress6(other));
        }
    }
}
