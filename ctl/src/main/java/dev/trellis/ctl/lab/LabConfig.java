package dev.trellis.ctl.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the lab keeps its files and finds its programs, read once.
 *
 * @param layout names and addresses
 * @param stateDir state file, logs, IPAM data (default {@code /var/run/trellis-lab}, a tmpfs like the
 *     namespaces it describes, so a reboot clears both)
 * @param cniPluginDirs where CNI plugins are looked up, in order
 * @param trellisCni whether the lab runs the mesh: a control plane, node-agents, and {@code trellis-cni} at
 *     the end of each node's CNI chain
 * @param programs where the launchers of the control plane and node-agent are ({@code bin/})
 */
public record LabConfig(LabLayout layout, Path stateDir, List<Path> cniPluginDirs, boolean trellisCni, Path programs) {

    public static final Path DEFAULT_STATE_DIR = Path.of("/var/run/trellis-lab");
    public static final Path DEBIAN_CNI_DIR = Path.of("/usr/lib/cni");
    public static final Path STANDARD_CNI_DIR = Path.of("/opt/cni/bin");

    public LabConfig {
        cniPluginDirs = List.copyOf(cniPluginDirs);
    }

    /**
     * The defaults: the lab's own installation of trellis-cni first (made at {@code lab up}), then the system's
     * plugins, and the project's {@code bin/} last (a development launcher of trellis-cni).
     */
    public static LabConfig defaults(Path projectBin) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(LabCniInstall.binDir(DEFAULT_STATE_DIR.resolve("cni")));
        for (Path d : List.of(DEBIAN_CNI_DIR, STANDARD_CNI_DIR, projectBin)) {
            if (Files.isDirectory(d)) {
                dirs.add(d);
            }
        }
        return new LabConfig(new LabLayout(LabLayout.DEFAULT_PREFIX), DEFAULT_STATE_DIR, dirs, true, projectBin);
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    /** Where {@code lab up} installs trellis-cni as a node's installer would. */
    public Path cniInstallDir() {
        return stateDir.resolve("cni");
    }

    /** Latency of every trellis-cni invocation, one line each (see {@link CniChain}). */
    public Path cniTimingLog() {
        return logDir().resolve("cni-timings.log");
    }

    /** The CNI network configuration list of a node: bridge + host-local, then trellis-cni when enabled. */
    public String conflist(int node) {
        String ipam = """
                {"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"%s"}],[{"subnet":"%s"}]],\
                "routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]}"""
                .formatted(stateDir.resolve("ipam").resolve(LabLayout.nodeName(node)), LabLayout.podCidr(node),
                        LabLayout.podCidr6(node));
        String bridge = """
                {"type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":false,"hairpinMode":true,"ipam":%s}"""
                .formatted(ipam);
        String trellis = trellisCni
                ? ",{\"type\":\"trellis-cni\",\"agentSocket\":\"" + stateDir.resolve(LabLayout.nodeName(node))
                        .resolve("cni.sock") + "\"}"
                : "";
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"trl-lab\",\"plugins\":[" + bridge + trellis + "]}";
    }
}
