package dev.trellis.nodeagent.outbound;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small mesh for planner tests, built fluently. */
final class Mesh {

    private final Map<String, Workload> workloads = new LinkedHashMap<>();
    private final Map<ServiceKey, Service> services = new LinkedHashMap<>();

    static Workload workload(String name, String ns, String sa, String ip, boolean captured,
            Optional<WaypointRef> waypoint, Workload.WorkloadStatus status) {
        return new Workload("uid-" + name, name, ns, SpiffeId.of(ns, sa), "node-1", List.of(ip(ip)), captured,
                waypoint, Map.of("app", name), status);
    }

    static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    Workload add(String name, String ns, String sa, String ip, boolean captured) {
        return add(workload(name, ns, sa, ip, captured, Optional.empty(), Workload.WorkloadStatus.HEALTHY));
    }

    Workload add(Workload w) {
        workloads.put(w.uid(), w);
        return w;
    }

    Service service(String ns, String name, String vip, int port, int targetPort, Optional<WaypointRef> waypoint,
            TrafficPolicy policy, Endpoint... endpoints) {
        Service s = new Service(new ServiceKey(ns, name), name + "." + ns + ".svc.cluster.local",
                vip == null ? List.of() : List.of(ip(vip)),
                List.of(new ServicePort("tcp", port, targetPort, Optional.empty())), List.of(endpoints), waypoint,
                policy);
        services.put(s.key(), s);
        return s;
    }

    static Endpoint endpoint(Workload w, boolean ready) {
        return new Endpoint(w.uid(), w.addresses().getFirst(), ready);
    }

    static List<Endpoint> endpoints(Workload... ws) {
        List<Endpoint> list = new ArrayList<>();
        for (Workload w : ws) {
            list.add(endpoint(w, true));
        }
        return list;
    }

    MeshSnapshot snapshot() {
        return MeshSnapshot.of("test", workloads, services, List.of(), List.of());
    }
}
