package dev.trellis.controlplane.translate;

import static dev.trellis.controlplane.store.WaypointLabels.FOR_ALL;
import static dev.trellis.controlplane.store.WaypointLabels.FOR_SERVICE;
import static dev.trellis.controlplane.store.WaypointLabels.FOR_WORKLOAD;
import static dev.trellis.controlplane.store.WaypointLabels.GATEWAY_NAME;
import static dev.trellis.controlplane.store.WaypointLabels.USE_WAYPOINT;
import static dev.trellis.controlplane.store.WaypointLabels.WAYPOINT_FOR;

import dev.trellis.controlplane.store.GatewayResource;
import dev.trellis.controlplane.store.NamespaceResource;
import dev.trellis.controlplane.store.PodResource;
import dev.trellis.controlplane.store.ServiceResource;
import dev.trellis.controlplane.store.StoreSnapshot;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.WaypointRef;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which waypoint serves what. A {@code trellis.dev/use-waypoint=<name>} label (on a service, else on its
 * namespace) binds the Gateway {@code <name>} of the same namespace, if that Gateway is of class
 * {@code trellis-waypoint} and its {@code trellis.dev/waypoint-for} label (default {@code service}) covers
 * the kind of traffic: {@code service} or {@code all} for services, {@code workload} or {@code all} for
 * workloads (from the namespace label).
 *
 * <p>A waypoint's pods are those its own Service (same name as the Gateway) selects, and those labelled
 * {@code gateway.networking.k8s.io/gateway-name=<name>}. A waypoint is never bound to itself: its own
 * Service and its pods get no waypoint, and its pods are not captured, so that a waypoint's traffic cannot
 * loop back into a waypoint.
 */
final class WaypointBindings {

    private final Map<ServiceKey, String> waypointFor = new HashMap<>();
    private final Set<String> waypointPodUids = new HashSet<>();
    private final Map<ServiceKey, GatewayResource> gateways = new TreeMap<>(
            Comparator.comparing(ServiceKey::toString));

    private WaypointBindings() {
    }

    static WaypointBindings of(StoreSnapshot snapshot) {
        WaypointBindings bindings = new WaypointBindings();
        for (GatewayResource g : snapshot.gateways()) {
            if (g.isWaypoint()) {
                ServiceKey key = new ServiceKey(g.meta().namespace(), g.meta().name());
                bindings.waypointFor.put(key, g.meta().label(WAYPOINT_FOR, FOR_SERVICE));
                bindings.gateways.put(key, g);
            }
        }
        for (PodResource p : snapshot.pods()) {
            String gateway = p.meta().labels().get(GATEWAY_NAME);
            if (gateway != null && bindings.isWaypointService(new ServiceKey(p.meta().namespace(), gateway))) {
                bindings.waypointPodUids.add(p.meta().uid());
            }
        }
        for (ServiceResource s : snapshot.services()) {
            if (bindings.isWaypointService(key(s)) && !s.selector().isEmpty()) {
                snapshot.pods().stream()
                        .filter(p -> p.meta().namespace().equals(s.meta().namespace()))
                        .filter(p -> Selectors.matches(s.selector(), p.meta().labels()))
                        .forEach(p -> bindings.waypointPodUids.add(p.meta().uid()));
            }
        }
        return bindings;
    }

    boolean isWaypointService(ServiceKey key) {
        return waypointFor.containsKey(key);
    }

    /** The waypoint Gateways, by the key of the Service they are reached through, in key order. */
    Map<ServiceKey, GatewayResource> waypoints() {
        return gateways;
    }

    boolean isWaypointPod(PodResource pod) {
        return waypointPodUids.contains(pod.meta().uid());
    }

    /** The waypoint of a service: its own label first, then its namespace's. */
    Optional<WaypointRef> forService(ServiceResource service, Optional<NamespaceResource> namespace,
            List<String> problems) {
        if (isWaypointService(key(service))) {
            return Optional.empty();
        }
        Optional<String> own = Optional.ofNullable(service.meta().labels().get(USE_WAYPOINT));
        if (own.isPresent()) {
            Optional<WaypointRef> ref = bind(service.meta().namespace(), own.get(), FOR_SERVICE);
            if (ref.isEmpty()) {
                problems.add("Service " + key(service) + ": " + USE_WAYPOINT + " '" + own.get() + "': "
                        + unbound(service.meta().namespace(), own.get(), FOR_SERVICE));
            }
            return ref;
        }
        return namespace.flatMap(ns -> Optional.ofNullable(ns.meta().labels().get(USE_WAYPOINT)))
                .flatMap(name -> bind(service.meta().namespace(), name, FOR_SERVICE));
    }

    /** The waypoint of a workload, from its namespace's label. */
    Optional<WaypointRef> forWorkload(PodResource pod, Optional<NamespaceResource> namespace) {
        if (isWaypointPod(pod)) {
            return Optional.empty();
        }
        return namespace.flatMap(ns -> Optional.ofNullable(ns.meta().labels().get(USE_WAYPOINT)))
                .flatMap(name -> bind(pod.meta().namespace(), name, FOR_WORKLOAD));
    }

    /** Why a namespace's label binds nothing at all, if it does not. */
    Optional<String> namespaceProblem(NamespaceResource namespace) {
        String name = namespace.meta().labels().get(USE_WAYPOINT);
        if (name == null || waypointFor.containsKey(new ServiceKey(namespace.meta().name(), name))) {
            return Optional.empty();
        }
        return Optional.of("Namespace " + namespace.meta().name() + ": " + USE_WAYPOINT + " '" + name + "': "
                + unbound(namespace.meta().name(), name, FOR_ALL));
    }

    private Optional<WaypointRef> bind(String namespace, String name, String trafficKind) {
        String serves = waypointFor.get(new ServiceKey(namespace, name));
        if (serves == null || !(serves.equals(trafficKind) || serves.equals(FOR_ALL))) {
            return Optional.empty();
        }
        return Optional.of(new WaypointRef(namespace, name));
    }

    private String unbound(String namespace, String name, String trafficKind) {
        String serves = waypointFor.get(new ServiceKey(namespace, name));
        if (serves == null) {
            return "no " + GatewayResource.WAYPOINT_CLASS + " Gateway " + namespace + "/" + name;
        }
        return "Gateway " + namespace + "/" + name + " is " + WAYPOINT_FOR + "=" + serves + " (expected: "
                + trafficKind + " or all)";
    }

    private static ServiceKey key(ServiceResource s) {
        return new ServiceKey(s.meta().namespace(), s.meta().name());
    }
}
