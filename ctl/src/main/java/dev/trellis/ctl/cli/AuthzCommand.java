package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.ctl.store.StoreClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meshctl authz check POD}: which AuthorizationPolicies apply to a pod's inbound traffic and why, by the
 * rules the proxies follow: a policy of the root namespace applies mesh-wide, one of the pod's namespace applies
 * when its selector is empty or the pod's labels hold every pair of it; DENY policies are checked first, and
 * when any ALLOW policy applies, a request must match one. Policies with L7 rules (methods, paths, hosts,
 * request headers) are enforced by a waypoint; without one the node-agent refuses what they would judge.
 */
@Command(name = "authz", description = "Explain authorization.", subcommands = AuthzCommand.Check.class,
        footer = {"", "Example: meshctl authz check -n shop echo-v1"})
public final class AuthzCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code authz check}. */
    @Command(name = "check", description = "Show which AuthorizationPolicies apply to a pod and why.",
            footer = {"", "Example: meshctl authz check -n shop echo-v1 -o yaml"})
    static final class Check implements Callable<Integer> {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ControlPlaneOptions controlPlane;

        @Parameters(index = "0", paramLabel = "POD", description = "the pod")
        String pod;

        @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "its namespace")
        String namespace;

        @Option(names = "--root-namespace", defaultValue = "trellis-system",
                description = "the control plane's root namespace (default: ${DEFAULT-VALUE})")
        String rootNamespace;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
        String output;

        @Override
        public Integer call() {
            Output format = Output.of(output);
            PrintWriter out = spec.commandLine().getOut();
            try (StoreClient store = new StoreClient(controlPlane.target())) {
                JsonNode p = store.list("Pod", namespace).stream().map(o -> JSON.readTree(o.getJson()))
                        .filter(o -> pod.equals(o.path("metadata").path("name").asString())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no pod " + namespace + "/" + pod
                                + " in the store (see: meshctl get pods -n " + namespace + ")"));
                Map<String, String> labels = new TreeMap<>();
                p.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(),
                        e.getValue().asString()));
                ArrayNode applying = JSON.createArrayNode();
                for (StoredObject o : store.list("AuthorizationPolicy", "")) {
                    JsonNode policy = JSON.readTree(o.getJson());
                    why(policy, labels).ifPresent(reason -> applying.add(describe(policy, reason)));
                }
                if (format == Output.JSON || format == Output.YAML) {
                    format.print(out, applying);
                    return 0;
                }
                out.println("pod " + namespace + "/" + pod + " (labels " + labels + ")");
                Table t = new Table("POLICY", "ACTION", "RULES", "WHY", "ENFORCED BY");
                applying.forEach(a -> t.row(a.path("policy").asString(), a.path("action").asString(),
                        a.path("rules").asInt(), a.path("why").asString(), a.path("enforcedBy").asString()));
                t.print(out);
                out.println(verdict(applying));
                out.flush();
                return 0;
            }
        }

        /** Why {@code policy} applies to a pod with {@code labels}, or empty when it does not. */
        private Optional<String> why(JsonNode policy, Map<String, String> labels) {
            String policyNamespace = policy.path("metadata").path("namespace").asString();
            boolean root = policyNamespace.equals(rootNamespace);
            if (!root && !policyNamespace.equals(namespace)) {
                return Optional.empty();
            }
            JsonNode selector = policy.path("spec").path("selector").path("matchLabels");
            List<String> pairs = new ArrayList<>();
            for (var e : selector.properties()) {
                if (!e.getValue().asString().equals(labels.get(e.getKey()))) {
                    return Optional.empty();
                }
                pairs.add(e.getKey() + "=" + e.getValue().asString());
            }
            String scope = root ? "root namespace " + rootNamespace + " (mesh-wide)" : "same namespace";
            return Optional.of(scope + (pairs.isEmpty() ? ", no selector: every pod"
                    : ", selector " + String.join(",", pairs) + " matches"));
        }

        private static ObjectNode describe(JsonNode policy, String why) {
            ObjectNode o = JSON.createObjectNode();
            o.put("policy", policy.path("metadata").path("namespace").asString() + "/"
                    + policy.path("metadata").path("name").asString());
            o.put("action", policy.path("spec").path("action").asString("ALLOW"));
            o.put("rules", policy.path("spec").path("rules").size());
            o.put("why", why);
            o.put("enforcedBy", hasL7(policy) ? "waypoint (L7 rules); without one the node-agent refuses"
                    : "node-agent (L4)");
            return o;
        }

        private static boolean hasL7(JsonNode policy) {
            for (JsonNode rule : policy.path("spec").path("rules")) {
                for (JsonNode to : rule.path("to")) {
                    JsonNode op = to.path("operation");
                    for (String field : List.of("methods", "notMethods", "paths", "notPaths", "hosts", "notHosts")) {
                        if (op.has(field)) {
                            return true;
                        }
                    }
                }
                for (JsonNode when : rule.path("when")) {
                    if (when.path("key").asString("").startsWith("request.")) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static String verdict(ArrayNode applying) {
            long deny = 0;
            long allow = 0;
            for (JsonNode a : applying) {
                String action = a.path("action").asString();
                deny += action.equals("DENY") ? 1 : 0;
                allow += action.equals("ALLOW") ? 1 : 0;
            }
            return deny + " DENY and " + allow + " ALLOW polic" + (deny + allow == 1 ? "y applies" : "ies apply")
                    + ": DENY first (a match is refused), then " + (allow == 0
                    ? "no ALLOW policy, so whatever no DENY matches is allowed"
                    : "a request must match one of the ALLOW policies");
        }
    }
}
