package dev.trellis.nodeagent.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A pod of this node whose traffic the agent captures, as handed over by the CNI plugin.
 *
 * @param uid the pod's Kubernetes uid (the key of its {@link dev.trellis.core.model.Workload})
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param netns the path of the pod's network namespace, e.g. {@code /var/run/netns/cni-...}
 * @param handedOver when the agent took the pod
 * @param listeners the agent's listeners inside the pod
 */
public record LocalPod(String uid, String namespace, String name, Path netns, Instant handedOver,
        PodListeners listeners) {

    public LocalPod {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(handedOver, "handedOver");
        Objects.requireNonNull(listeners, "listeners");
    }

    /** {@code namespace/name}, for logs. */
    public String displayName() {
        return namespace + "/" + name;
    }
}
