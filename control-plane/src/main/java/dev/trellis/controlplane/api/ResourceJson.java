package dev.trellis.controlplane.api;

import dev.trellis.controlplane.store.AuthorizationPolicyResource;
import dev.trellis.controlplane.store.Condition;
import dev.trellis.controlplane.store.GatewayResource;
import dev.trellis.controlplane.store.NamespaceResource;
import dev.trellis.controlplane.store.ObjectMeta;
import dev.trellis.controlplane.store.PodResource;
import dev.trellis.controlplane.store.Resource;
import dev.trellis.controlplane.store.RouteResource;
import dev.trellis.controlplane.store.ServiceAccountResource;
import dev.trellis.controlplane.store.ServiceResource;
import dev.trellis.controlplane.store.TrafficPolicyResource;
import dev.trellis.core.model.AuthorizationPolicy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored object as Kubernetes would show it: apiVersion, kind, metadata, the spec fields Trellis reads,
 * and status. A tree of maps and lists, for mesh-core's {@code Json}.
 */
public final class ResourceJson {
    private ResourceJson() {
    }

    public static Map<String, Object> tree(Resource r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiVersion", r.kind().apiVersion());
        out.put("kind", r.kind().kindName());
        out.put("metadata", metadata(r.meta()));
        switch (r) {
            case PodResource p -> pod(p, out);
            case ServiceResource s -> service(s, out);
            case GatewayResource g -> gateway(g, out);
            case RouteResource route -> route(route, out);
            case AuthorizationPolicyResource a -> out.put("spec", Map.of("action", a.policy().action().name(),
                    "selector", Map.of("matchLabels", a.policy().selector()),
                    "rules", a.policy().rules().stream().map(ResourceJson::rule).toList()));
            case TrafficPolicyResource t -> {
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("kind", "Service");
                target.put("name", t.targetService());
                t.targetPort().ifPresent(port -> target.put("port", port));
                out.put("spec", Map.of("targetRef", target, "loadBalancer",
                        t.policy().loadBalancer().algorithm().name()));
            }
            case NamespaceResource n -> { }
            case ServiceAccountResource sa -> { }
        }
        return out;
    }

    private static Map<String, Object> metadata(ObjectMeta m) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", m.name());
        if (!m.namespace().isEmpty()) {
            meta.put("namespace", m.namespace());
        }
        meta.put("uid", m.uid());
        meta.put("resourceVersion", Long.toString(m.resourceVersion()));
        if (!m.labels().isEmpty()) {
            meta.put("labels", m.labels());
        }
        if (!m.annotations().isEmpty()) {
            meta.put("annotations", m.annotations());
        }
        return meta;
    }

    private static void pod(PodResource p, Map<String, Object> out) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!p.nodeName().isEmpty()) {
            spec.put("nodeName", p.nodeName());
        }
        spec.put("serviceAccountName", p.serviceAccountName());
        List<Object> containers = new ArrayList<>();
        for (PodResource.Container c : p.containers()) {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", c.name());
            container.put("image", c.image());
            container.put("command", c.command());
            container.put("args", c.args());
            container.put("env", c.env().stream().map(e -> Map.of("name", e.name(), "value", e.value())).toList());
            container.put("ports", c.ports().stream().map(port -> Map.of("name", port.name(), "containerPort",
                    port.containerPort(), "protocol", port.protocol())).toList());
            containers.add(container);
        }
        spec.put("containers", containers);
        out.put("spec", spec);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", p.status().phase());
        p.status().podIP().ifPresent(ip -> status.put("podIP", ip.getHostAddress()));
        status.put("podIPs", p.status().podIPs().stream().map(ip -> Map.of("ip", ip.getHostAddress())).toList());
        status.put("conditions", List.of(Map.of("type", "Ready", "status", p.status().ready() ? "True" : "False")));
        out.put("status", status);
    }

    private static void service(ServiceResource s, Map<String, Object> out) {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<String> ips = s.clusterIPs().stream().map(InetAddress::getHostAddress).toList();
        spec.put("clusterIP", s.headless() ? "None" : ips.isEmpty() ? "" : ips.getFirst());
        spec.put("clusterIPs", s.headless() ? List.of("None") : ips);
        List<Object> ports = new ArrayList<>();
        for (ServiceResource.Port p : s.ports()) {
            Map<String, Object> port = new LinkedHashMap<>();
            if (!p.name().isEmpty()) {
                port.put("name", p.name());
            }
            port.put("protocol", p.protocol());
            port.put("port", p.port());
            port.put("targetPort", p.targetPort().name().isEmpty() ? p.targetPort().number() : p.targetPort().name());
            p.appProtocol().ifPresent(a -> port.put("appProtocol", a));
            ports.add(port);
        }
        spec.put("ports", ports);
        spec.put("selector", s.selector());
        out.put("spec", spec);
    }

    private static void gateway(GatewayResource g, Map<String, Object> out) {
        out.put("spec", Map.of("gatewayClassName", g.gatewayClassName(), "listeners", g.listeners().stream()
                .map(l -> Map.of("name", l.name(), "port", l.port(), "protocol", l.protocol())).toList()));
        out.put("status", Map.of("conditions", conditions(g.conditions())));
    }

    private static void route(RouteResource r, Map<String, Object> out) {
        out.put("spec", r.spec());
        List<Object> parents = new ArrayList<>();
        for (RouteResource.ParentStatus status : r.parentStatuses()) {
            RouteResource.ParentRef p = status.parentRef();
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("group", p.group());
            ref.put("kind", p.kind());
            ref.put("namespace", p.namespace());
            ref.put("name", p.name());
            p.port().ifPresent(port -> ref.put("port", port));
            parents.add(Map.of("parentRef", ref, "controllerName", status.controllerName(),
                    "conditions", conditions(status.conditions())));
        }
        out.put("status", Map.of("parents", parents));
    }

    private static List<Object> conditions(List<Condition> conditions) {
        return conditions.stream().map(c -> (Object) Map.of("type", c.type(), "status", c.status().name(),
                "reason", c.reason(), "message", c.message())).toList();
    }

    /** A rule in the CRD's shape (from/to/when), with only the fields it sets, as meshctl shows it. */
    private static Map<String, Object> rule(AuthorizationPolicy.Rule r) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!r.from().isEmpty()) {
            out.put("from", r.from().stream().map(f -> Map.of("source", nonEmpty(Map.of(
                    "principals", f.principals(), "notPrincipals", f.notPrincipals(),
                    "namespaces", f.namespaces(), "notNamespaces", f.notNamespaces(),
                    "ipBlocks", f.ipBlocks().stream().map(Object::toString).toList(),
                    "notIpBlocks", f.notIpBlocks().stream().map(Object::toString).toList())))).toList());
        }
        if (!r.to().isEmpty()) {
            out.put("to", r.to().stream().map(t -> Map.of("operation", nonEmpty(Map.of(
                    "ports", t.ports(), "notPorts", t.notPorts(), "methods", t.methods(),
                    "notMethods", t.notMethods(), "paths", t.paths(), "notPaths", t.notPaths(),
                    "hosts", t.hosts(), "notHosts", t.notHosts())))).toList());
        }
        if (!r.when().isEmpty()) {
            out.put("when", r.when().stream().map(c -> nonEmpty(Map.of("key", List.of(c.key()),
                    "values", c.values(), "notValues", c.notValues()))).toList());
        }
        return out;
    }

    private static Map<String, Object> nonEmpty(Map<String, List<?>> fields) {
        Map<String, Object> out = new java.util.TreeMap<>();
        fields.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, k.equals("key") ? v.getFirst() : v);
            }
        });
        return out;
    }
}
