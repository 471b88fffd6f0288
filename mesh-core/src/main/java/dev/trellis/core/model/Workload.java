package dev.trellis.core.model;

import dev.trellis.core.identity.SpiffeId;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod (or a VM) as a proxy sees it.
 *
 * @param uid unique id (the pod's Kubernetes uid)
 * @param name pod name
 * @param namespace pod namespace
 * @param identity the SPIFFE ID of the pod's service account
 * @param node name of the node the pod is scheduled on
 * @param addresses the pod's IPs (one per family for dual-stack)
 * @param captured whether the node-agent captures its traffic (namespace opted in, pod not opted out)
 * @param waypoint the waypoint serving traffic addressed to this workload, if bound for workloads
 * @param labels the pod's labels (policy selectors and the {@code version} telemetry label read them)
 * @param status whether the pod is ready to receive traffic
 */
public record Workload(
        String uid,
        String name,
        String namespace,
        SpiffeId identity,
        String node,
        List<InetAddress> addresses,
        boolean captured,
        Optional<WaypointRef> waypoint,
        Map<String, String> labels,
        WorkloadStatus status) {

    public Workload {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(node, "node");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(waypoint, "waypoint");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(status, "status");
    }

    /** The value of the {@code version} label, or {@code "unknown"}, as telemetry reports it. */
    public String version() {
        return labels.getOrDefault("version", "unknown");
    }

    /** Health as the control plane reports it. */
    public enum WorkloadStatus {
        HEALTHY,
        UNHEALTHY
    }
}
