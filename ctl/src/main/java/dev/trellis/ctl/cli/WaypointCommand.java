package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.AwaitProxiesResponse;
import dev.trellis.api.store.v1.ProxySync;
import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.ctl.store.StoreClient;
import dev.trellis.ctl.store.YamlSources;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meshctl waypoint apply|list|delete|status}: a namespace's waypoint is a Gateway of class
 * {@code trellis-waypoint}; its {@code trellis.dev/waypoint-for} label says whether it serves traffic to the
 * namespace's services, its workloads, or both. In the lab, applying one starts its waypoint pod.
 */
@Command(name = "waypoint", description = "Create, list, delete and check waypoints (the L7 proxies of a "
        + "namespace).",
        subcommands = {WaypointCommand.Apply.class, WaypointCommand.ListWaypoints.class,
            WaypointCommand.Delete.class, WaypointCommand.Status.class},
        footer = {"", "Example: meshctl waypoint apply -n shop --enroll-namespace --wait"})
public final class WaypointCommand implements Runnable {
    static final String CLASS = "trellis-waypoint";
    static final String FOR_LABEL = "trellis.dev/waypoint-for";
    static final String USE_LABEL = "trellis.dev/use-waypoint";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String gatewayYaml(String namespace, String name, String serves) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: %s, labels: {%s: %s}}
                spec:
                  gatewayClassName: %s
                  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
                """.formatted(name, namespace, FOR_LABEL, serves, CLASS);
    }

    /** The waypoint Gateways the store holds, in {@code namespace} or everywhere when empty. */
    static List<JsonNode> waypoints(StoreClient store, String namespace) {
        List<JsonNode> out = new ArrayList<>();
        for (StoredObject o : store.list("Gateway", namespace)) {
            JsonNode g = JSON.readTree(o.getJson());
            if (CLASS.equals(g.path("spec").path("gatewayClassName").asString(""))) {
                out.add(g);
            }
        }
        return out;
    }

    /** The waypoint's discovery stream, if its proxy is connected. */
    static Optional<ProxySync> proxy(AwaitProxiesResponse proxies, String namespace, String name) {
        return proxies.getProxiesList().stream().filter(p -> p.getProxy().equals("waypoint/" + namespace + "/" + name))
                .findFirst();
    }

    static String state(Optional<ProxySync> proxy) {
        return proxy.map(p -> p.getAckedVersion().equals(p.getExpectedVersion()) ? "SERVING"
                : p.getLastError().isEmpty() ? "SYNCING" : "NACKED").orElse("NOT CONNECTED");
    }

    /** {@code waypoint apply}. */
    @Command(name = "apply", description = "Create or update a namespace's waypoint (a Gateway of class "
            + "trellis-waypoint).",
            footer = {"", "Example: meshctl waypoint apply -n shop --for service --enroll-namespace --wait"})
    static final class Apply implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ControlPlaneOptions controlPlane;

        @CommandLine.Mixin
        WaypointName waypoint;

        @Option(names = "--for", defaultValue = "service",
                description = "what it serves: service, workload or all (default: ${DEFAULT-VALUE})")
        String serves;

        @Option(names = "--enroll-namespace",
                description = "also label the namespace trellis.dev/use-waypoint=<name>, so its traffic goes through it")
        boolean enroll;

        @Option(names = "--wait", description = "return only when every proxy serves the change")
        boolean waitForProxies;

        @Option(names = "--timeout", defaultValue = "60", description = "seconds --wait waits (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() {
            if (!List.of("service", "workload", "all").contains(serves)) {
                throw new IllegalArgumentException("--for: '" + serves + "' (expected: service, workload or all)");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (StoreClient store = new StoreClient(controlPlane.target())) {
                ApplyCommand.print(out, store.apply(new YamlSources.Source("meshctl waypoint apply",
                        gatewayYaml(waypoint.namespace, waypoint.name, serves))).getObjectsList());
                if (enroll) {
                    ObjectNode ns = StoredNamespaces.editable(store, waypoint.namespace);
                    ns.withObject("metadata").withObject("labels").put(USE_LABEL, waypoint.name);
                    ApplyCommand.print(out, store.apply(new YamlSources.Source("meshctl waypoint apply",
                            JSON.writeValueAsString(ns))).getObjectsList());
                }
                return ApplyCommand.settle(out, store, controlPlane, waitForProxies, timeoutSeconds);
            }
        }
    }

    /** {@code waypoint list}. */
    @Command(name = "list", description = "List the waypoints and whether each one serves.",
            footer = {"", "Example: meshctl waypoint list -A"})
    static final class ListWaypoints implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ControlPlaneOptions controlPlane;

        @Option(names = {"-n", "--namespace"}, description = "only this namespace (default: all)")
        String namespace = "";

        @Option(names = {"-A", "--all-namespaces"}, description = "every namespace (the default)")
        boolean all;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
        String output;

        @Override
        public void run() {
            Output format = Output.of(output);
            PrintWriter out = spec.commandLine().getOut();
            try (StoreClient store = new StoreClient(controlPlane.target())) {
                List<JsonNode> gateways = waypoints(store, all ? "" : namespace);
                AwaitProxiesResponse proxies = store.awaitProxies(Duration.ZERO);
                Map<String, List<String>> enrolled = store.list("Namespace", "").stream()
                        .map(o -> JSON.readTree(o.getJson()))
                        .filter(ns -> ns.path("metadata").path("labels").has(USE_LABEL))
                        .collect(Collectors.groupingBy(ns -> ns.path("metadata").path("labels").path(USE_LABEL)
                                .asString(), Collectors.mapping(ns -> ns.path("metadata").path("name").asString(),
                                Collectors.toList())));
                ArrayNode items = JSON.createArrayNode();
                Table t = new Table("NAMESPACE", "NAME", "FOR", "STATE", "NAMESPACE ENROLLED");
                for (JsonNode g : gateways) {
                    String ns = g.path("metadata").path("namespace").asString();
                    String name = g.path("metadata").path("name").asString();
                    String serves = g.path("metadata").path("labels").path(FOR_LABEL).asString("service");
                    String state = state(proxy(proxies, ns, name));
                    boolean isEnrolled = enrolled.getOrDefault(name, List.of()).contains(ns);
                    t.row(ns, name, serves, state, isEnrolled ? "yes" : "no");
                    ObjectNode o = items.addObject();
                    o.put("namespace", ns);
                    o.put("name", name);
                    o.put("for", serves);
                    o.put("state", state);
                    o.put("namespaceEnrolled", isEnrolled);
                }
                if (format == Output.TABLE || format == Output.WIDE) {
                    t.print(out);
                } else {
                    format.print(out, items);
                }
                out.flush();
            }
        }
    }

    /** {@code waypoint delete}. */
    @Command(name = "delete", description = "Delete a namespace's waypoint; its traffic goes direct again.",
            footer = {"", "Example: meshctl waypoint delete -n shop"})
    static final class Delete implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ControlPlaneOptions controlPlane;

        @CommandLine.Mixin
        WaypointName waypoint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StoreClient store = new StoreClient(controlPlane.target())) {
                ObjectNode ns = StoredNamespaces.editable(store, waypoint.namespace);
                JsonNode labels = ns.path("metadata").path("labels");
                if (waypoint.name.equals(labels.path(USE_LABEL).asString(""))) {
                    ns.withObject("metadata").withObject("labels").remove(USE_LABEL);
                    store.apply(new YamlSources.Source("meshctl waypoint delete", JSON.writeValueAsString(ns)));
                    out.println("namespace " + waypoint.namespace + " no longer uses waypoint " + waypoint.name);
                }
                store.delete(new YamlSources.Source("meshctl waypoint delete",
                        gatewayYaml(waypoint.namespace, waypoint.name, "service")));
                out.println("waypoint " + waypoint.namespace + "/" + waypoint.name + " deleted");
                return ApplyCommand.settle(out, store, controlPlane, false, 0);
            }
        }
    }

    /** {@code waypoint status}. */
    @Command(name = "status", description = "Show whether a namespace's waypoint is connected and serves the "
            + "current configuration. Exit code 1 when it does not.",
            footer = {"", "Example: meshctl waypoint status -n shop"})
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ControlPlaneOptions controlPlane;

        @CommandLine.Mixin
        WaypointName waypoint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StoreClient store = new StoreClient(controlPlane.target())) {
                boolean exists = waypoints(store, waypoint.namespace).stream()
                        .anyMatch(g -> waypoint.name.equals(g.path("metadata").path("name").asString()));
                if (!exists) {
                    throw new IllegalArgumentException("no waypoint " + waypoint.namespace + "/" + waypoint.name
                            + " (create it with: meshctl waypoint apply -n " + waypoint.namespace + ")");
                }
                Optional<ProxySync> proxy = proxy(store.awaitProxies(Duration.ZERO), waypoint.namespace,
                        waypoint.name);
                String state = state(proxy);
                out.println("waypoint " + waypoint.namespace + "/" + waypoint.name + ": " + state
                        + proxy.map(p -> " (" + p.getInstance() + ", serves " + p.getAckedVersion()
                        + (p.getLastError().isEmpty() ? "" : ", refused: " + p.getLastError()) + ")").orElse(""));
                out.flush();
                return state.equals("SERVING") ? 0 : 1;
            }
        }
    }
}
