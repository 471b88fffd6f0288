package dev.trellis.ctl.lab;

import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.ctl.store.StoreClient;
import dev.trellis.ctl.store.YamlSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the lab's pods follow the store: after an apply or delete, every Pod object without a lab pod gets
 * one (network namespace through the CNI chain, its first container's command), every lab pod whose object
 * is gone is removed, and the control plane learns each new pod's IPs. Also rewrites every pod's hosts file
 * so that services resolve by {@code <svc>}, {@code <svc>.<ns>} and {@code <svc>.<ns>.svc.cluster.local}.
 */
public final class LabWorkloads {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Lab lab;
    private final StoreClient store;

    public LabWorkloads(Lab lab, StoreClient store) {
        this.lab = lab;
        this.store = store;
    }

    /** What changed in the lab. */
    public record Changes(List<String> created, List<String> removed) {
    }

    public Changes reconcile() {
        LabState state = lab.state();
        if (state.nodes() == 0) {
            throw new LabException("the lab is down; start it with 'meshctl lab up'");
        }
        deployWaypoints();
        Map<String, JsonNode> pods = new LinkedHashMap<>();
        for (StoredObject o : store.list("Pod", "")) {
            pods.put(o.getObject().getNamespace() + "/" + o.getObject().getName(), JSON.readTree(o.getJson()));
        }
        List<String> removed = new ArrayList<>();
        for (LabState.LabPod pod : state.pods().values()) {
            if (!pods.containsKey(pod.key())) {
                lab.deletePod(pod.namespace(), pod.name());
                removed.add(pod.key());
            }
        }
        List<ServiceAddress> services = services();
        List<String> created = new ArrayList<>();
        int next = state.pods().size();
        for (var e : pods.entrySet()) {
            if (state.pods().containsKey(e.getKey())) {
                continue;
            }
            PodRuntime.PodSpec spec = spec(e.getValue(), state.nodes(), next++);
            LabState.LabPod pod = lab.runPod(spec, hostsLines(services, spec.namespace()));
            store.setPodStatus(pod.namespace(), pod.name(), pod.ips(), true);
            created.add(e.getKey());
        }
        lab.rewriteHosts(pod -> hostsLines(services, pod.namespace()));
        return new Changes(created, removed);
    }

    /**
     * Gives each Gateway of class {@code trellis-waypoint} its waypoint, as the control plane's rendered
     * Deployment would in a cluster: a pod {@code <gateway>-waypoint} on node-1 running {@code waypoint}, with
     * the Gateway's name as service account (its identity), the label that makes it the Gateway's endpoint,
     * and a token of its own. Removes the pods of Gateways that are gone.
     */
    private void deployWaypoints() {
        Set<String> wanted = new java.util.HashSet<>();
        for (StoredObject o : store.list("Gateway", "")) {
            JsonNode gateway = JSON.readTree(o.getJson());
            if (!"trellis-waypoint".equals(gateway.path("spec").path("gatewayClassName").asString(""))) {
                continue;
            }
            String ns = o.getObject().getNamespace();
            String name = o.getObject().getName();
            wanted.add(ns + "/" + name + "-waypoint");
            Path token = lab.mesh().waypointToken(ns, name);
            store.apply(new YamlSources.Source("waypoint of " + ns + "/" + name, """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: %2$s-waypoint
                      namespace: %1$s
                      labels: {gateway.networking.k8s.io/gateway-name: %2$s}
                    spec:
                      nodeName: node-1
                      serviceAccountName: %2$s
                      containers:
                        - name: waypoint
                          command: [waypoint]
                          env:
                            - {name: TRELLIS_GATEWAY_NAME, value: "%2$s"}
                            - {name: TRELLIS_POD_NAMESPACE, value: "%1$s"}
                            - {name: TRELLIS_CONTROL_PLANE_ADDRESS, value: "%3$s"}
                            - {name: TRELLIS_CONTROL_PLANE_TRUST_BUNDLE, value: "%4$s"}
                            - {name: TRELLIS_TOKEN_PATH, value: "%5$s"}
                    """.formatted(ns, name, LabMesh.controlPlaneAddress(), lab.mesh().rootCertificate(), token)));
        }
        for (StoredObject o : store.list("Pod", "")) {
            String key = o.getObject().getNamespace() + "/" + o.getObject().getName();
            boolean waypointPod = key.endsWith("-waypoint") && JSON.readTree(o.getJson()).path("metadata")
                    .path("labels").has("gateway.networking.k8s.io/gateway-name");
            if (waypointPod && !wanted.contains(key)) {
                store.delete(new YamlSources.Source("waypoint removal", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: %s, namespace: %s}
                        """.formatted(o.getObject().getName(), o.getObject().getNamespace())));
            }
        }
    }

    /** A pod's spec from its stored object: node from spec.nodeName or round robin, first container's command. */
    static PodRuntime.PodSpec spec(JsonNode pod, int nodes, int ordinal) {
        JsonNode meta = pod.path("metadata");
        String key = meta.path("namespace").asString() + "/" + meta.path("name").asString();
        String nodeName = pod.path("spec").path("nodeName").asString("");
        int node;
        if (nodeName.isEmpty()) {
            node = ordinal % nodes + 1;
        } else if (nodeName.matches("node-\\d+") && Integer.parseInt(nodeName.substring(5)) <= nodes) {
            node = Integer.parseInt(nodeName.substring(5));
        } else {
            throw new LabException("Pod " + key + ": spec.nodeName: '" + nodeName + "' is not a lab node (node-1 .. node-"
                    + nodes + ")");
        }
        JsonNode container = pod.path("spec").path("containers").path(0);
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asString()));
        container.path("args").forEach(c -> command.add(c.asString()));
        if (command.isEmpty()) {
            throw new LabException("Pod " + key + ": spec.containers[0]: needs a command (the lab runs no images)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(v -> env.put(v.path("name").asString(), v.path("value").asString("")));
        return new PodRuntime.PodSpec(meta.path("namespace").asString(), meta.path("name").asString(),
                meta.path("uid").asString(""), node, command, env);
    }

    /** One service address. */
    record ServiceAddress(String namespace, String name, String ip) {
    }

    /**
     * Hosts file lines for a pod of {@code namespace}: every service by its full name and {@code <svc>.<ns>},
     * and the pod's own namespace's services by {@code <svc>} too (the hosts file knows no search domains).
     */
    static List<String> hostsLines(List<ServiceAddress> services, String namespace) {
        Set<String> lines = new TreeSet<>();
        for (ServiceAddress s : services) {
            lines.add(s.ip() + " " + s.name() + "." + s.namespace() + ".svc.cluster.local " + s.name() + "."
                    + s.namespace() + (s.namespace().equals(namespace) ? " " + s.name() : ""));
        }
        return List.copyOf(lines);
    }

    private List<ServiceAddress> services() {
        List<ServiceAddress> out = new ArrayList<>();
        for (StoredObject o : store.list("Service", "")) {
            JsonNode svc = JSON.readTree(o.getJson());
            String name = o.getObject().getName();
            String ns = o.getObject().getNamespace();
            List<String> ips = new ArrayList<>();
            svc.path("spec").path("clusterIPs").forEach(ip -> ips.add(ip.asString()));
            if (ips.isEmpty() && !svc.path("spec").path("clusterIP").asString("").isEmpty()) {
                ips.add(svc.path("spec").path("clusterIP").asString());
            }
            for (String ip : ips) {
                if (!ip.equals("None")) {
                    out.add(new ServiceAddress(ns, name, ip));
                }
            }
        }
        return out;
    }
}
