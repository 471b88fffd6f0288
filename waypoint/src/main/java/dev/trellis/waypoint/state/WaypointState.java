package dev.trellis.waypoint.state;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.route.CompiledRoute;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The seam between discovery and the proxy: the discovery client (the one writer) calls {@link #publish};
 * event loops read {@link #current} without locks. A request uses the snapshot current when it arrived.
 */
public final class WaypointState {

    private final AtomicReference<WaypointSnapshot> current = new AtomicReference<>(WaypointSnapshot.EMPTY);

    /** Replaces the whole state. Called by one writer only. */
    public void publish(MeshSnapshot mesh, List<CompiledRoute> routes) {
        current.set(new WaypointSnapshot(mesh, routes));
    }

    public WaypointSnapshot current() {
        return current.get();
    }
}
