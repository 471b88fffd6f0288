package dev.trellis.core.discovery;

import dev.trellis.core.model.MeshSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * What a proxy learned from one discovery response: the decoded snapshot and, for waypoints, the routes.
 *
 * @param version the version the control plane gave (and the proxy ACKs)
 */
public record DiscoveredState(String version, MeshSnapshot snapshot, List<RouteSpec> routes) {
    public DiscoveredState {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(snapshot, "snapshot");
        routes = List.copyOf(routes);
    }
}
