package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.ctl.store.StoreClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** {@code meshctl get}: what the store holds, as a table or JSON. */
@Command(name = "get", description = "Show what the control plane's store holds: pods (with IPs, node and capture "
        + "state), services, routes (with their status) or policies.",
        footer = {"", "Example: meshctl get pods -n demo -o wide", "         meshctl get routes -A -o yaml"})
public final class GetCommand implements Runnable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ControlPlaneOptions controlPlane;

    @Parameters(index = "0", paramLabel = "WHAT", description = "pods, services, routes, policies, namespaces or gateways")
    String what;

    @Option(names = {"-n", "--namespace"}, description = "only this namespace (default: all)")
    String namespace = "";

    @Option(names = {"-A", "--all-namespaces"}, description = "every namespace (the default)")
    boolean all;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, wide, json or yaml")
    String output;

    @Override
    public void run() {
        Output format = Output.of(output);
        PrintWriter out = spec.commandLine().getOut();
        try (StoreClient store = new StoreClient(controlPlane.target())) {
            List<String> kinds = switch (what) {
                case "pods", "pod", "po" -> List.of("Pod");
                case "services", "service", "svc" -> List.of("Service");
                case "routes", "route" -> List.of("HTTPRoute", "GRPCRoute");
                case "policies", "policy" -> List.of("AuthorizationPolicy", "TrafficPolicy");
                case "namespaces", "namespace", "ns" -> List.of("Namespace");
                case "gateways", "gateway" -> List.of("Gateway");
                default -> throw new IllegalArgumentException("'" + what + "' (expected: pods, services, routes, "
                        + "policies, namespaces or gateways)");
            };
            List<StoredObject> objects = new ArrayList<>();
            for (String kind : kinds) {
                objects.addAll(store.list(kind, all ? "" : namespace));
            }
            if (format == Output.JSON || format == Output.YAML) {
                ArrayNode items = JSON.createArrayNode();
                objects.forEach(o -> items.add(JSON.readTree(o.getJson())));
                format.print(out, items);
                return;
            }
            table(kinds.getFirst(), objects, store).print(out);
        }
    }

    private Table table(String kind, List<StoredObject> objects, StoreClient store) {
        boolean wide = output.equals("wide");
        return switch (kind) {
            case "Pod" -> pods(objects, store, wide);
            case "Service" -> services(objects, wide);
            case "HTTPRoute" -> routes(objects);
            case "AuthorizationPolicy" -> policies(objects);
            default -> generic(objects);
        };
    }

    private static Table pods(List<StoredObject> objects, StoreClient store, boolean wide) {
        Map<String, String> modeByNamespace = new HashMap<>();
        for (StoredObject ns : store.list("Namespace", "")) {
            modeByNamespace.put(ns.getObject().getName(), JSON.readTree(ns.getJson()).path("metadata").path("labels")
                    .path("trellis.dev/dataplane-mode").asString(""));
        }
        Table t = wide ? new Table("NAMESPACE", "NAME", "NODE", "IPS", "CAPTURED", "READY", "SERVICE ACCOUNT", "UID")
                : new Table("NAMESPACE", "NAME", "NODE", "IP", "CAPTURED", "READY");
        for (StoredObject o : objects) {
            JsonNode pod = JSON.readTree(o.getJson());
            String podMode = pod.path("metadata").path("labels").path("trellis.dev/dataplane-mode").asString("");
            // As the control plane decides: the namespace opted in, the pod did not opt out, and it is not a
            // waypoint (a waypoint's own traffic is never captured).
            boolean waypoint = pod.path("metadata").path("labels").has("gateway.networking.k8s.io/gateway-name");
            boolean captured = "ambient".equals(modeByNamespace.get(o.getObject().getNamespace()))
                    && !"none".equals(podMode) && !waypoint;
            List<String> ips = new ArrayList<>();
            pod.path("status").path("podIPs").forEach(ip -> ips.add(ip.path("ip").asString()));
            if (ips.isEmpty() && !pod.path("status").path("podIP").asString("").isEmpty()) {
                ips.add(pod.path("status").path("podIP").asString());
            }
            String node = pod.path("spec").path("nodeName").asString("<pending>");
            String ready = readyCondition(pod);
            if (wide) {
                t.row(o.getObject().getNamespace(), o.getObject().getName(), node, String.join(",", ips), captured,
                        ready, pod.path("spec").path("serviceAccountName").asString("default"),
                        pod.path("metadata").path("uid").asString(""));
            } else {
                t.row(o.getObject().getNamespace(), o.getObject().getName(), node,
                        ips.isEmpty() ? "<none>" : ips.getFirst(), captured, ready);
            }
        }
        return t;
    }

    private static String readyCondition(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString().equals("Ready")) {
                return c.path("status").asString().equals("True") ? "true" : "false";
            }
        }
        return "false";
    }

    private static Table services(List<StoredObject> objects, boolean wide) {
        Table t = wide ? new Table("NAMESPACE", "NAME", "VIPS", "PORTS", "WAYPOINT", "SELECTOR")
                : new Table("NAMESPACE", "NAME", "VIP", "PORTS", "WAYPOINT");
        for (StoredObject o : objects) {
            JsonNode svc = JSON.readTree(o.getJson());
            List<String> vips = new ArrayList<>();
            svc.path("spec").path("clusterIPs").forEach(ip -> vips.add(ip.asString()));
            if (vips.isEmpty()) {
                vips.add(svc.path("spec").path("clusterIP").asString("<none>"));
            }
            StringJoiner ports = new StringJoiner(",");
            svc.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asString()
                    + (p.has("name") ? "/" + p.path("name").asString() : "")));
            String waypoint = svc.path("metadata").path("labels").path("trellis.dev/use-waypoint").asString("-");
            if (wide) {
                StringJoiner selector = new StringJoiner(",");
                svc.path("spec").path("selector").properties().forEach(e -> selector.add(e.getKey() + "="
                        + e.getValue().asString()));
                t.row(o.getObject().getNamespace(), o.getObject().getName(), String.join(",", vips), ports,
                        waypoint, selector);
            } else {
                t.row(o.getObject().getNamespace(), o.getObject().getName(), vips.getFirst(), ports, waypoint);
            }
        }
        return t;
    }

    private static Table routes(List<StoredObject> objects) {
        Table t = new Table("NAMESPACE", "NAME", "KIND", "PARENTS", "ACCEPTED", "RESOLVED REFS");
        for (StoredObject o : objects) {
            JsonNode route = JSON.readTree(o.getJson());
            StringJoiner parents = new StringJoiner(",");
            route.path("spec").path("parentRefs").forEach(p -> parents.add(p.path("kind").asString("Gateway") + "/"
                    + p.path("name").asString() + (p.has("port") ? ":" + p.path("port").asString() : "")));
            t.row(o.getObject().getNamespace(), o.getObject().getName(), o.getObject().getKind(), parents,
                    condition(route, "Accepted"), condition(route, "ResolvedRefs"));
        }
        return t;
    }

    /** A route condition's status (first parent), with the reason when not True. */
    private static String condition(JsonNode route, String type) {
        for (JsonNode parent : route.path("status").path("parents")) {
            for (JsonNode c : parent.path("conditions")) {
                if (c.path("type").asString().equals(type)) {
                    String status = c.path("status").asString();
                    return status.equals("True") ? "True" : status + " (" + c.path("reason").asString() + ")";
                }
            }
        }
        return "Unknown";
    }

    private static Table policies(List<StoredObject> objects) {
        Table t = new Table("NAMESPACE", "NAME", "KIND", "ACTION / TARGET");
        for (StoredObject o : objects) {
            JsonNode p = JSON.readTree(o.getJson());
            String what = o.getObject().getKind().equals("AuthorizationPolicy")
                    ? p.path("spec").path("action").asString("ALLOW")
                    : p.path("spec").path("targetRef").path("name").asString("-");
            t.row(o.getObject().getNamespace(), o.getObject().getName(), o.getObject().getKind(), what);
        }
        return t;
    }

    private static Table generic(List<StoredObject> objects) {
        Table t = new Table("NAMESPACE", "NAME", "KIND", "VERSION");
        objects.forEach(o -> t.row(o.getObject().getNamespace().isEmpty() ? "-" : o.getObject().getNamespace(),
                o.getObject().getName(), o.getObject().getKind(), o.getResourceVersion()));
        return t;
    }
}
