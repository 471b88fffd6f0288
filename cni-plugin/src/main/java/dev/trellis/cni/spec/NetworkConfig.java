package dev.trellis.cni.spec;

import java.nio.file.Path;
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
 */
public record NetworkConfig(String cniVersion, String name, Path agentSocket, boolean failOpen,
                            Optional<Map<String, Object>> prevResult) {
    public static final Path DEFAULT_AGENT_SOCKET = Path.of("/var/run/trellis/cni.sock");
    public static final String PLUGIN_TYPE = "trellis-cni";
    static final String AGENT_SOCKET_KEY = "agentSocket";
    static final String FAIL_OPEN_KEY = "failOpen";
}
