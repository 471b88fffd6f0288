package dev.trellis.cni.server;

import java.nio.file.Path;
import java.util.List;

/**
 * A pod as the CNI request names it.
 *
 * @param namespace   Kubernetes namespace (K8S_POD_NAMESPACE; empty outside Kubernetes)
 * @param name        pod name (K8S_POD_NAME)
 * @param uid         pod UID (K8S_POD_UID; empty when the runtime does not pass it)
 * @param containerId the sandbox's container ID (CNI_CONTAINERID), the key the runtime uses for DEL
 * @param netns       the pod's network namespace path (CNI_NETNS); may be empty on DEL
 * @param ips         the pod's addresses from the previous plugin's result, without prefix length
 */
public record PodRef(String namespace, String name, String uid, String containerId, String netns, List<String> ips) {
    public PodRef {
        ips = List.copyOf(ips);
    }

    public Path netnsPath() {
        return Path.of(netns);
    }

    /** {@code namespace/name} for logs, or the container ID when the runtime gave no pod name. */
    public String displayName() {
        return name.isEmpty() ? containerId : namespace + "/" + name;
    }
}
