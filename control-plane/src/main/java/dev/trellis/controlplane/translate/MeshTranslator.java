package dev.trellis.controlplane.translate;

import dev.trellis.controlplane.store.AuthorizationPolicyResource;
import dev.trellis.controlplane.store.NamespaceResource;
import dev.trellis.controlplane.store.PodResource;
import dev.trellis.controlplane.store.ServiceResource;
import dev.trellis.controlplane.store.StoreSnapshot;
import dev.trellis.controlplane.store.TrafficPolicyResource;
import dev.trellis.controlplane.store.WaypointLabels;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure translation from a store snapshot to the mesh model. Same snapshot and config in, equal model
 * out: no I/O, no clock, no state.
 */
public final class MeshTranslator {

    private static final String HBONE = "HBONE";

    private MeshTranslator() {
    }

    public static MeshModel translate(StoreSnapshot snapshot, TranslationConfig config) {
        WaypointBindings waypoints = WaypointBindings.of(snapshot);
        List<String> problems = new ArrayList<>();
        for (NamespaceResource ns : snapshot.namespaces()) {
            waypoints.namespaceProblem(ns).ifPresent(problems::add);
        }
        // Hash maps: the model copies them into unordered maps anyway (MeshModel), so ordering here bought nothing.
        Map<String, Workload> workloads = new HashMap<>();
        Map<String, List<PodResource>> podsByNamespace = new HashMap<>();
        // Looked up once per namespace: the snapshot's ordered map costs a comparison chain per lookup.
        Map<String, Optional<NamespaceResource>> namespaces = new HashMap<>();
        Identities identities = new Identities(config.trustDomain());
        for (PodResource pod : AddressClaims.unique(snapshot.pods(), problems)) {
            String ns = pod.meta().namespace();
            podsByNamespace.computeIfAbsent(ns, n -> new ArrayList<>()).add(pod);
            WorkloadTranslator.translate(pod, namespaces.computeIfAbsent(ns, snapshot::namespace), waypoints,
                    identities).ifPresent(w -> workloads.put(w.uid(), w));
        }
        Map<TrafficTarget, TrafficPolicy> trafficPolicies = trafficPolicies(snapshot, problems);
        Map<ServiceKey, Service> services = new HashMap<>();
        Map<String, NamespacePods> selectable = new HashMap<>();
        podsByNamespace.forEach((ns, pods) -> selectable.put(ns, new NamespacePods(pods)));
        for (ServiceResource s : snapshot.services()) {
            String ns = s.meta().namespace();
            Service service = ServiceTranslator.translate(s, selectable.getOrDefault(ns, NamespacePods.NONE),
                    namespaces.computeIfAbsent(ns, snapshot::namespace), waypoints, trafficPolicies, config, problems);
            services.put(service.key(), service);
        }
        addMissingWaypointServices(services, waypoints, podsByNamespace, config);
        List<AuthorizationPolicy> policies = snapshot.authorizationPolicies().stream()
                .map(AuthorizationPolicyResource::policy).toList();
        return new MeshModel(snapshot.revision(), workloads, services, policies, trafficPolicies, problems);
    }

    /**
     * Traffic policies by target. Two policies on one target: the first by name wins, the other is a
     * problem. A policy naming a Service that does not exist is kept (it applies once the Service exists).
     */
    private static Map<TrafficTarget, TrafficPolicy> trafficPolicies(StoreSnapshot snapshot, List<String> problems) {
        Map<TrafficTarget, TrafficPolicy> byTarget = new HashMap<>();
        Map<TrafficTarget, String> winners = new HashMap<>();
        for (TrafficPolicyResource tp : snapshot.trafficPolicies()) {
            TrafficTarget target = new TrafficTarget(new ServiceKey(tp.meta().namespace(), tp.targetService()),
                    tp.targetPort());
            String winner = winners.putIfAbsent(target, tp.meta().name());
            if (winner != null) {
                problems.add("TrafficPolicy " + tp.meta().namespace() + "/" + tp.meta().name() + ": targets "
                        + target + " like " + winner + ", which wins (expected: one policy per target)");
                continue;
            }
            byTarget.put(target, tp.policy());
        }
        return byTarget;
    }

    /**
     * A waypoint Gateway without a Service of its name is still reachable: its pods (labelled
     * {@code gateway.networking.k8s.io/gateway-name}) become the endpoints of a VIP-less Service of that
     * name with the Gateway's HBONE listener port, since node-agents tunnel to a waypoint's pod addresses.
     */
    private static void addMissingWaypointServices(Map<ServiceKey, Service> services, WaypointBindings waypoints,
            Map<String, List<PodResource>> podsByNamespace, TranslationConfig config) {
        waypoints.waypoints().forEach((key, gateway) -> {
            if (services.containsKey(key)) {
                return;
            }
            List<ServicePort> ports = gateway.listeners().stream()
                    .filter(l -> l.protocol().equals(HBONE))
                    .map(l -> new ServicePort(l.name(), l.port(), l.port(), Optional.empty())).toList();
            List<Endpoint> endpoints = new ArrayList<>();
            podsByNamespace.getOrDefault(key.namespace(), List.of()).stream()
                    .filter(p -> key.name().equals(p.meta().labels().get(WaypointLabels.GATEWAY_NAME)))
                    .filter(p -> !p.nodeName().isEmpty() && !p.status().terminated())
                    .forEach(p -> p.status().podIPs().forEach(ip -> endpoints.add(new Endpoint(p.meta().uid(), ip,
                            WorkloadTranslator.status(p) == Workload.WorkloadStatus.HEALTHY))));
            services.put(key, new Service(key, key.name() + "." + key.namespace() + ".svc." + config.clusterDomain(),
                    List.of(), ports, endpoints, Optional.empty(), TrafficPolicy.DEFAULT));
        });
    }
}
