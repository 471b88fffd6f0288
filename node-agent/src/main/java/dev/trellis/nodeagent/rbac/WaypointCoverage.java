package dev.trellis.nodeagent.rbac;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.Workload;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which workloads a waypoint serves: those bound to one directly, and the endpoints of every service bound
 * to one. Computed once per snapshot (the last one is cached, so the per-connection check is a set lookup).
 * Thread-safe: a race computes the set twice, never a wrong one.
 */
public final class WaypointCoverage {

    private final AtomicReference<Cached> last = new AtomicReference<>(new Cached(MeshSnapshot.EMPTY, Set.of()));

    /** Whether a waypoint serves {@code workload} in {@code snapshot}. */
    public boolean serves(MeshSnapshot snapshot, Workload workload) {
        if (workload.waypoint().isPresent()) {
            return true;
        }
        Cached cached = last.get();
        if (cached.snapshot != snapshot) {
            cached = new Cached(snapshot, servedThroughServices(snapshot));
            last.set(cached);
        }
        return cached.served.contains(workload.uid());
    }

    private static Set<String> servedThroughServices(MeshSnapshot snapshot) {
        Set<String> served = new HashSet<>();
        for (Service s : snapshot.services().values()) {
            if (s.waypoint().isPresent()) {
                for (Endpoint e : s.endpoints()) {
                    served.add(e.workloadUid());
                }
            }
        }
        return Set.copyOf(served);
    }

    private record Cached(MeshSnapshot snapshot, Set<String> served) {
    }
}
