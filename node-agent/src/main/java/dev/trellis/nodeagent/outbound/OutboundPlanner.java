package dev.trellis.nodeagent.outbound;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.balance.ActiveLoad;
import dev.trellis.core.balance.AffinityHash;
import dev.trellis.core.balance.LeastRequest;
import dev.trellis.core.balance.LoadBalancer;
import dev.trellis.core.balance.RoundRobin;
import dev.trellis.core.model.TrafficPolicy.Algorithm;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.NodeAgentConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides where a captured outbound connection goes. Apart from the load balancers' counters it is a pure
 * function of (snapshot, source workload, original destination): no I/O, no clock, safe on event loops.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>destination is a service VIP: the service's port maps to the target port; a waypoint bound to the
 *       service takes the connection (authority = the VIP and port); otherwise the service's healthy
 *       endpoints, ordered by its load balancer, HBONE to captured ones and TCP to the others;</li>
 *   <li>destination is the IP of a captured workload: refused if the port is one of the agent's in-pod
 *       ports (no loops); its workload waypoint if it has one; else HBONE to {@code <ip>:15008} with
 *       authority {@code <ip>:<port>} and the workload's identity;</li>
 *   <li>anything else (unknown address, workload not captured): passthrough, plain TCP as asked.</li>
 * </ol>
 * Traffic from a waypoint itself never goes back to that waypoint.
 */
public final class OutboundPlanner {

    private final int hbonePort;
    private final Set<Integer> inPodPorts;
    private final Map<Algorithm, LoadBalancer> balancers;

    /**
     * @param hbonePort the peers' HBONE port (15008)
     * @param inPodPorts the agent's in-pod ports that no connection may target (15001, 15006, 15008)
     * @param balancers a balancer for every {@link Algorithm}
     */
    public OutboundPlanner(int hbonePort, Set<Integer> inPodPorts, Map<Algorithm, LoadBalancer> balancers) {
        for (Algorithm a : Algorithm.values()) {
            if (!balancers.containsKey(a)) {
                throw new IllegalArgumentException("balancers: none for " + a + " (expected: one per algorithm)");
            }
        }
        this.hbonePort = hbonePort;
        this.inPodPorts = Set.copyOf(inPodPorts);
        this.balancers = Map.copyOf(balancers);
    }

    /** The planner for the configured ports, with the standard balancers. */
    public static OutboundPlanner create(NodeAgentConfig.Ports ports, RandomGenerator random,
            ActiveLoad active) {
        Map<Algorithm, LoadBalancer> balancers = new EnumMap<>(Algorithm.class);
        balancers.put(Algorithm.ROUND_ROBIN, new RoundRobin());
        balancers.put(Algorithm.LEAST_REQUEST, new LeastRequest(random, active));
        balancers.put(Algorithm.RING_HASH, new AffinityHash());
        return new OutboundPlanner(ports.hbone(), ports.inPod(), balancers);
    }

    /**
     * Plans one connection.
     *
     * @param snapshot the mesh as known now
     * @param source the local workload that opened the connection
     * @param destination the original destination ({@code SO_ORIGINAL_DST})
     */
    public OutboundPlan plan(MeshSnapshot snapshot, Workload source, InetSocketAddress destination) {
        Optional<Service> service = snapshot.serviceAt(destination.getAddress());
        if (service.isPresent()) {
            return toService(snapshot, source, destination, service.get());
        }
        Optional<Workload> workload = snapshot.workloadAt(destination.getAddress());
        if (workload.isPresent() && workload.get().captured()) {
            return toWorkload(snapshot, source, destination, workload.get());
        }
        String why = workload.map(w -> "workload " + w.namespace() + "/" + w.name() + " is not captured")
                .orElse("address is not in the mesh");
        return new OutboundPlan(Route.PASSTHROUGH, destination, Optional.empty(),
                List.of(Upstream.tcp(destination, workload)), "passthrough: " + why);
    }

    private OutboundPlan toService(MeshSnapshot snapshot, Workload source, InetSocketAddress destination,
            Service service) {
        Optional<Service> found = Optional.of(service);
        Optional<ServicePort> port = service.port(destination.getPort());
        if (port.isEmpty()) {
            return OutboundPlan.refused(Route.NO_SUCH_PORT, destination, found,
                    "service " + service.key() + " has no port " + destination.getPort());
        }
        if (service.waypoint().isPresent() && !isWaypoint(snapshot, source, service.waypoint().get())) {
            return toWaypoint(snapshot, source, destination, found, service.waypoint().get());
        }
        int targetPort = port.get().targetPort();
        if (inPodPorts.contains(targetPort)) {
            return OutboundPlan.refused(Route.LOOP, destination, found, "service " + service.key()
                    + " targets port " + targetPort + ", one of the mesh's own ports (would loop)");
        }
        List<Endpoint> healthy = healthy(snapshot, service, destination.getAddress());
        if (healthy.isEmpty()) {
            return OutboundPlan.refused(Route.NO_HEALTHY_UPSTREAM, destination, found,
                    "service " + service.key() + " has no ready endpoint");
        }
        List<Upstream> upstreams = new ArrayList<>(healthy.size());
        for (Endpoint e : balancer(service).order(service.key(), healthy, source.uid())) {
            upstreams.add(endpointUpstream(snapshot, e, targetPort));
        }
        return new OutboundPlan(Route.SERVICE, destination, found, upstreams, "service " + service.key() + " port "
                + destination.getPort() + " -> " + upstreams.size() + " endpoints on port " + targetPort + " ("
                + service.trafficPolicy().loadBalancer().algorithm() + ")");
    }

    private OutboundPlan toWorkload(MeshSnapshot snapshot, Workload source, InetSocketAddress destination,
            Workload target) {
        String name = target.namespace() + "/" + target.name();
        if (inPodPorts.contains(destination.getPort())) {
            return OutboundPlan.refused(Route.LOOP, destination, Optional.empty(), "port "
                    + destination.getPort() + " of workload " + name + " is one of the mesh's own ports (would loop)");
        }
        if (target.waypoint().isPresent() && !isWaypoint(snapshot, source, target.waypoint().get())) {
            return toWaypoint(snapshot, source, destination, Optional.empty(), target.waypoint().get());
        }
        Upstream tunnel = Upstream.hbone(new InetSocketAddress(destination.getAddress(), hbonePort), target,
                destination);
        return new OutboundPlan(Route.WORKLOAD, destination, Optional.empty(), List.of(tunnel),
                "workload " + name + " over HBONE");
    }

    private OutboundPlan toWaypoint(MeshSnapshot snapshot, Workload source, InetSocketAddress destination,
            Optional<Service> service, WaypointRef ref) {
        Optional<Service> waypoint = snapshot.service(ref.serviceKey());
        if (waypoint.isEmpty()) {
            return OutboundPlan.refused(Route.NO_HEALTHY_UPSTREAM, destination, service,
                    "waypoint " + ref.serviceKey() + " is not in the snapshot");
        }
        List<Upstream> upstreams = new ArrayList<>();
        List<Endpoint> healthy = healthy(snapshot, waypoint.get(), destination.getAddress());
        for (Endpoint e : healthy.isEmpty() ? healthy
                : balancer(waypoint.get()).order(ref.serviceKey(), healthy, source.uid())) {
            Workload w = snapshot.workloads().get(e.workloadUid());
            if (w != null) {
                upstreams.add(Upstream.hbone(new InetSocketAddress(e.address(), hbonePort), w, destination));
            }
        }
        if (upstreams.isEmpty()) {
            return OutboundPlan.refused(Route.NO_HEALTHY_UPSTREAM, destination, service,
                    "waypoint " + ref.serviceKey() + " has no ready endpoint with a known identity");
        }
        return new OutboundPlan(Route.WAYPOINT, destination, service, upstreams,
                "through waypoint " + ref.serviceKey() + " (" + upstreams.size() + " endpoints)");
    }

    private Upstream endpointUpstream(MeshSnapshot snapshot, Endpoint e, int targetPort) {
        Workload w = snapshot.workloads().get(e.workloadUid());
        InetSocketAddress target = new InetSocketAddress(e.address(), targetPort);
        if (w != null && w.captured()) {
            return Upstream.hbone(new InetSocketAddress(e.address(), hbonePort), w, target);
        }
        return Upstream.tcp(target, Optional.ofNullable(w));
    }

    /** Ready endpoints of the destination's address family whose workload is not known to be unhealthy. */
    private static List<Endpoint> healthy(MeshSnapshot snapshot, Service service, InetAddress family) {
        List<Endpoint> healthy = new ArrayList<>();
        for (Endpoint e : service.endpoints()) {
            Workload w = snapshot.workloads().get(e.workloadUid());
            boolean workloadHealthy = w == null || w.status() == Workload.WorkloadStatus.HEALTHY;
            if (e.ready() && workloadHealthy && sameFamily(e.address(), family)) {
                healthy.add(e);
            }
        }
        return healthy;
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return a.getAddress().length == b.getAddress().length;
    }

    /** Whether {@code source} is one of the pods of waypoint {@code ref} (its traffic must not return to it). */
    private static boolean isWaypoint(MeshSnapshot snapshot, Workload source, WaypointRef ref) {
        return snapshot.service(ref.serviceKey())
                .map(s -> s.endpoints().stream().anyMatch(e -> e.workloadUid().equals(source.uid())))
                .orElse(false);
    }

    private LoadBalancer balancer(Service service) {
        return balancers.get(service.trafficPolicy().loadBalancer().algorithm());
    }
}
