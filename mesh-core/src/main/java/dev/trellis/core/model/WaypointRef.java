package dev.trellis.core.model;

import java.util.Objects;

/**
 * Names the waypoint that serves a service or workload: the Gateway's namespace and name. The waypoint
 * itself is reached through the {@link Service} of the same name and namespace, which the snapshot holds
 * like any other service (its endpoints are the waypoint pods).
 */
public record WaypointRef(String namespace, String name) {

    public WaypointRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** The key of the waypoint's own service in {@link MeshSnapshot#servicesByKey()}. */
    public ServiceKey serviceKey() {
        return new ServiceKey(namespace, name);
    }
}
