package dev.trellis.controlplane.translate;

import dev.trellis.controlplane.store.NamespaceResource;
import dev.trellis.controlplane.store.PodResource;
import dev.trellis.controlplane.store.ServiceResource;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.Workload.WorkloadStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Service as the proxies see it: hostname, VIPs, TCP ports with resolved target ports, endpoints,
 * waypoint and traffic policy.
 *
 * <p>Endpoints are the scheduled, not-ended pods of the namespace whose labels match the selector and that
 * have an address; each pod address is one endpoint, ready when the pod is healthy. A service without a
 * selector has no computed endpoints.
 *
 * <p>Named target ports: the model holds one target port per service port, so a name is resolved to the
 * container port most of the selected pods give it (ties: the lowest). Pods that give it another number,
 * or lack the name, are left out of the endpoints and reported as a problem; a name no selected pod has
 * leaves the port out. Only TCP ports are kept: the mesh carries TCP.
 */
final class ServiceTranslator {

    private ServiceTranslator() {
    }

    static Service translate(ServiceResource service, NamespacePods namespacePods,
            Optional<NamespaceResource> namespace, WaypointBindings waypoints,
            Map<TrafficTarget, TrafficPolicy> trafficPolicies, TranslationConfig config, List<String> problems) {
        ServiceKey key = new ServiceKey(service.meta().namespace(), service.meta().name());
        List<PodResource> backends = namespacePods.selectedBy(service.selector());
        Set<String> excluded = new HashSet<>();
        List<ServicePort> ports = new ArrayList<>();
        for (ServiceResource.Port port : service.ports()) {
            if (port.protocol().equals("TCP")) {
                resolve(key, port, backends, excluded, problems).ifPresent(ports::add);
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (PodResource pod : backends) {
            if (excluded.contains(pod.meta().uid())) {
                continue;
            }
            boolean ready = WorkloadTranslator.status(pod) == WorkloadStatus.HEALTHY;
            for (InetAddress address : pod.status().podIPs()) {
                endpoints.add(new Endpoint(pod.meta().uid(), address, ready));
            }
        }
        String hostname = key.name() + "." + key.namespace() + ".svc." + config.clusterDomain();
        TrafficPolicy policy = trafficPolicies.getOrDefault(TrafficTarget.wholeService(key), TrafficPolicy.DEFAULT);
        return new Service(key, hostname, service.clusterIPs(), ports, endpoints,
                waypoints.forService(service, namespace, problems), policy);
    }

    private static Optional<ServicePort> resolve(ServiceKey key, ServiceResource.Port port,
            List<PodResource> backends, Set<String> excluded, List<String> problems) {
        if (!port.targetPort().isNamed()) {
            return Optional.of(new ServicePort(port.name(), port.port(), port.targetPort().number(),
                    port.appProtocol()));
        }
        String name = port.targetPort().name();
        Map<Integer, Integer> votes = new TreeMap<>();
        for (PodResource pod : backends) {
            pod.containerPort(name).ifPresent(n -> votes.merge(n, 1, Integer::sum));
        }
        if (votes.isEmpty()) {
            if (!backends.isEmpty()) {
                problems.add("Service " + key + ": port " + port.port() + ": targetPort '" + name
                        + "' is no container port of the selected pods; the port is left out");
            }
            return Optional.empty();
        }
        int chosen = votes.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
        for (PodResource pod : backends) {
            OptionalInt own = pod.containerPort(name);
            if (own.isEmpty() || own.getAsInt() != chosen) {
                excluded.add(pod.meta().uid());
                problems.add("Service " + key + ": port " + port.port() + ": pod " + pod.meta().name()
                        + " gives targetPort '" + name + "' " + (own.isEmpty() ? "no port" : "port "
                        + own.getAsInt()) + " (expected: " + chosen + ", as the other pods); it is left out");
            }
        }
        return Optional.of(new ServicePort(port.name(), port.port(), chosen, port.appProtocol()));
    }
}
