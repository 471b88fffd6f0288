package dev.trellis.waypoint.state;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.route.CompiledRoute;
import java.util.List;
import java.util.Objects;

/** The mesh and the compiled routes at one version, as the waypoint reads them. Immutable. */
public record WaypointSnapshot(MeshSnapshot mesh, List<CompiledRoute> routes) {

    public static final WaypointSnapshot EMPTY = new WaypointSnapshot(MeshSnapshot.EMPTY, List.of());

    public WaypointSnapshot {
        Objects.requireNonNull(mesh, "mesh");
        routes = List.copyOf(routes);
    }
}
