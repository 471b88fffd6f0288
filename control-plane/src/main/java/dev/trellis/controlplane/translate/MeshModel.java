package dev.trellis.controlplane.translate;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole mesh, translated from one store snapshot: what every proxy's view is cut from.
 *
 * @param storeRevision the store revision it was translated from
 * @param workloads every scheduled pod, by uid
 * @param services every Service, by key (a waypoint Gateway is reached through the Service of its name)
 * @param policies every authorization policy, ordered by namespace then name
 * @param trafficPolicies every traffic policy by what it targets; whole-service ones are also set on
 *     {@link Service#trafficPolicy()}, port-scoped ones only here (the Service model holds one policy)
 * @param problems what the store holds that could not be honoured, one sentence each, e.g. a
 *     {@code use-waypoint} label naming no waypoint Gateway (for status conditions and logs)
 */
public record MeshModel(long storeRevision, Map<String, Workload> workloads, Map<ServiceKey, Service> services,
        List<AuthorizationPolicy> policies, Map<TrafficTarget, TrafficPolicy> trafficPolicies,
        List<String> problems) {

    public MeshModel {
        workloads = Map.copyOf(workloads);
        services = Map.copyOf(services);
        policies = List.copyOf(policies);
        trafficPolicies = Map.copyOf(trafficPolicies);
        problems = List.copyOf(problems);
    }

    /**
     * The workloads scheduled on {@code node}, in uid order: the identities a node-agent on that node may
     * ask certificates for.
     */
    public List<Workload> workloadsOn(String node) {
        return workloads.values().stream().filter(w -> w.node().equals(node))
                .sorted(Comparator.comparing(Workload::uid)).toList();
    }

    /** The services whose traffic the waypoint {@code waypoint} serves. */
    public List<Service> servicesServedBy(WaypointRef waypoint) {
        Objects.requireNonNull(waypoint, "waypoint");
        return services.values().stream().filter(s -> s.waypoint().filter(waypoint::equals).isPresent())
                .sorted(Comparator.comparing(s -> s.key().toString())).toList();
    }
}
