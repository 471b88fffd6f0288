package dev.trellis.cni.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our plugin's entry of the network configuration, as the runtime hands it on stdin.
 *
 * @param cniVersion  the version the runtime speaks (one of {@link CniVersions#SUPPORTED})
 * @param name        the network's name
 * @param agentSocket the node-agent's CNI endpoint ({@code "agentSocket"}, default {@link #DEFAULT_AGENT_SOCKET})
 * @param failOpen    {@code "failOpen"}: when the node-agent cannot be reached, let ADD pass the previous
 *                    result through with a warning instead of failing (default false: fail closed)
 * @param prevResult  the previous plugin's result, passed through unchanged; absent for DEL if the runtime has none
 * @param excludeNamespaces {@code "excludeNamespaces"}: pods of these namespaces are passed through without
 *                    asking the node-agent, so that they start even while it is down (kube-system, and the
 *                    mesh's own namespace, whose control plane the node-agent waits for)
 */
public record NetworkConfig(String cniVersion, String name, Path agentSocket, boolean failOpen,
                            Optional<Map<String, Object>> prevResult, List<String> excludeNamespaces) {
    public static final Path DEFAULT_AGENT_SOCKET = Path.of("/var/run/trellis/cni.sock");
    public static final String PLUGIN_TYPE = "trellis-cni";
    static final String AGENT_SOCKET_KEY = "agentSocket";
    static final String FAIL_OPEN_KEY = "failOpen";
    static final String EXCLUDE_NAMESPACES_KEY = "excludeNamespaces";

    public NetworkConfig {
        excludeNamespaces = List.copyOf(excludeNamespaces);
    }

    public NetworkConfig(String cniVersion, String name, Path agentSocket, boolean failOpen,
                         Optional<Map<String, Object>> prevResult) {
        this(cniVersion, name, agentSocket, failOpen, prevResult, List.of());
    }
}
