package dev.trellis.core.model.route.compile;

import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.ParentRef;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteKind;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.RouteRule;
import dev.trellis.core.model.route.RouteTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Compiles one {@code gateway.networking.k8s.io/v1} {@code HTTPRoute} or {@code GRPCRoute}, given as the
 * plain tree a YAML loader produces, into a {@link CompiledRoute}. Stateless and thread-safe.
 *
 * <p>Only mesh (GAMMA) parents are compiled: {@code parentRefs} of kind {@code Service} (group {@code ""} or
 * {@code core}). A parentRef of another kind (the waypoint {@code Gateway}) is skipped; a route left with no
 * Service parent fails, since the waypoint could never apply it.
 */
public final class RouteCompiler {

    private static final String API_VERSION = "gateway.networking.k8s.io/v1";

    private final MatchCompiler matches = new MatchCompiler();
    private final FilterCompiler filters = new FilterCompiler();

    /** Compiles {@code object}, or throws naming the route and the field. */
    public CompiledRoute compile(Map<String, Object> object) throws RouteValidationException {
        Node root = new Node("route", "", object);
        String kindName = root.child("kind").string();
        RouteKind kind = switch (kindName) {
            case "HTTPRoute" -> RouteKind.HTTP;
            case "GRPCRoute" -> RouteKind.GRPC;
            default -> throw root.child("kind").fail("'" + kindName + "' (expected: HTTPRoute or GRPCRoute)");
        };
        String namespace = root.child("metadata").child("namespace").optionalString().orElse("default");
        String name = root.child("metadata").child("name").string();
        Node node = new Node(kindName + " " + namespace + "/" + name, "", object);
        String apiVersion = node.child("apiVersion").string();
        if (!apiVersion.equals(API_VERSION)) {
            throw node.child("apiVersion").fail("'" + apiVersion + "' (expected: " + API_VERSION + ")");
        }
        Node spec = node.child("spec");
        List<ParentRef> parents = parents(spec.child("parentRefs"), namespace);
        List<RouteRule> rules = new ArrayList<>();
        for (Node rule : spec.child("rules").list()) {
            rules.add(rule(rule, kind, namespace));
        }
        return new CompiledRoute(kind, namespace, name, parents, rules);
    }

    private static List<ParentRef> parents(Node refs, String routeNamespace) throws RouteValidationException {
        List<ParentRef> parents = new ArrayList<>();
        for (Node ref : refs.list()) {
            String group = ref.child("group").optionalString().orElse("gateway.networking.k8s.io");
            String kind = ref.child("kind").optionalString().orElse("Gateway");
            if (!kind.equals("Service") || !(group.isEmpty() || group.equals("core"))) {
                continue;
            }
            String ns = ref.child("namespace").optionalString().orElse(routeNamespace);
            OptionalInt port = ref.child("port").optionalInt(1, 65535).map(OptionalInt::of).orElse(OptionalInt.empty());
            parents.add(new ParentRef(new ServiceKey(ns, ref.child("name").string()), port));
        }
        if (parents.isEmpty()) {
            throw refs.fail("no parentRef of kind Service (expected: at least one, group \"\", kind Service)");
        }
        return parents;
    }

    private RouteRule rule(Node rule, RouteKind kind, String namespace) throws RouteValidationException {
        List<RouteMatch> compiledMatches = new ArrayList<>();
        for (Node match : rule.child("matches").list()) {
            compiledMatches.add(kind == RouteKind.HTTP ? matches.http(match) : matches.grpc(match));
        }
        if (compiledMatches.isEmpty()) {
            compiledMatches.add(RouteMatch.ANY);
        }
        List<RouteFilter> compiledFilters = new ArrayList<>();
        for (Node filter : rule.child("filters").list()) {
            compiledFilters.add(filters.compile(filter, namespace, compiledMatches));
        }
        List<BackendRef> backends = new ArrayList<>();
        for (Node ref : rule.child("backendRefs").list()) {
            backends.add(backend(ref, namespace));
        }
        RouteTimeouts timeouts = new RouteTimeouts(GatewayDurations.parse(rule.child("timeouts").child("request")),
                GatewayDurations.parse(rule.child("timeouts").child("backendRequest")));
        if (timeouts.request().isPresent() && timeouts.backendRequest().isPresent()
                && timeouts.backendRequest().get().compareTo(timeouts.request().get()) > 0) {
            throw rule.child("timeouts").child("backendRequest").fail(timeouts.backendRequest().get()
                    + " (expected: at most timeouts.request, " + timeouts.request().get() + ")");
        }
        return new RouteRule(compiledMatches, compiledFilters, backends, timeouts);
    }

    /** A backendRef or mirror target: a Service in the given namespace (default the route's) with a port. */
    static BackendRef backend(Node ref, String routeNamespace) throws RouteValidationException {
        String group = ref.child("group").optionalString().orElse("");
        String kind = ref.child("kind").optionalString().orElse("Service");
        if (!kind.equals("Service") || !(group.isEmpty() || group.equals("core"))) {
            throw ref.child("kind").fail("'" + group + "/" + kind + "' (expected: a core Service)");
        }
        String ns = ref.child("namespace").optionalString().orElse(routeNamespace);
        String name = ref.child("name").string();
        Node port = ref.child("port");
        if (!port.present()) {
            throw port.fail("missing (expected: the Service port, 1-65535)");
        }
        int weight = ref.child("weight").optionalInt(0, BackendRef.MAX_WEIGHT).orElse(1);
        return new BackendRef(new ServiceKey(ns, name), port.optionalInt(1, 65535).orElseThrow(), weight);
    }
}
