package dev.trellis.waypoint.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.NamedMatch;
import dev.trellis.core.model.route.ParentRef;
import dev.trellis.core.model.route.PathModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteKind;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.RouteRule;
import dev.trellis.core.model.route.RouteTimeouts;
import dev.trellis.core.model.route.StringMatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {

    private static final ServiceKey SVC = new ServiceKey("server", "svc");
    private static final Destination DEST = new Destination(SVC, 80);
    private final Router router = new Router(new SplittableRandom(7));

    @Test
    void noAttachedRouteIsPassthroughToTheServiceItself() {
        CompiledRoute otherPort = route("server", "r", OptionalInt.of(8080), rule(prefix("/"), backend("v2")));

        RoutingDecision d = router.route(List.of(otherPort), DEST, "client", request("GET", "/x", Map.of()));

        assertThat(d).isInstanceOfSatisfying(RoutingDecision.Forward.class, f -> {
            assertThat(f.backend()).isEqualTo(new BackendRef(SVC, 80, 1));
            assertThat(f.route()).isEmpty();
        });
    }

    @Test
    void parentWithoutPortCoversEveryPort() {
        CompiledRoute r = route("server", "r", OptionalInt.empty(), rule(prefix("/"), backend("v2")));

        RoutingDecision d = router.route(List.of(r), new Destination(SVC, 9999), "client", request("GET", "/", Map.of()));

        assertThat(((RoutingDecision.Forward) d).backend().service().name()).isEqualTo("v2");
    }

    @Test
    void attachedRouteWithoutMatchingRuleIs404() {
        CompiledRoute r = route("server", "r", OptionalInt.of(80), rule(prefix("/api"), backend("v2")));

        RoutingDecision d = router.route(List.of(r), DEST, "client", request("GET", "/apix", Map.of()));

        assertThat(d).isInstanceOfSatisfying(RoutingDecision.Refuse.class, x -> assertThat(x.status()).isEqualTo(404));
    }

    @Test
    void consumerRouteAppliesOnlyToCallersOfItsNamespaceAndHidesProducerRoutes() {
        CompiledRoute producer = route("server", "producer", OptionalInt.empty(), rule(prefix("/"), backend("prod")));
        CompiledRoute consumer = route("client", "consumer", OptionalInt.empty(), rule(prefix("/"), backend("cons")));
        var req = request("GET", "/", Map.of());

        var fromClient = (RoutingDecision.Forward) router.route(List.of(producer, consumer), DEST, "client", req);
        var fromOther = (RoutingDecision.Forward) router.route(List.of(producer, consumer), DEST, "other", req);
        var onlyConsumer = router.route(List.of(consumer), DEST, "other", req);

        assertThat(fromClient.backend().service().name()).isEqualTo("cons");
        assertThat(fromOther.backend().service().name()).isEqualTo("prod");
        assertThat(((RoutingDecision.Forward) onlyConsumer).route()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "/a/b/c, exact-or-longest",
            "/a/b/x, prefix-ab",
            "/a/x, prefix-a",
    })
    void mostSpecificRuleWins(String path, String expected) {
        CompiledRoute r = route("server", "r", OptionalInt.empty(),
                rule(prefix("/a"), backend("prefix-a")),
                rule(prefix("/a/b"), backend("prefix-ab")),
                rule(new RouteMatch(Optional.of(new StringMatch.Exact("/a/b/c")), List.of(), List.of(),
                        Optional.empty(), Optional.empty()), backend("exact-or-longest")));

        var d = (RoutingDecision.Forward) router.route(List.of(r), DEST, "c", request("GET", path, Map.of()));

        assertThat(d.backend().service().name()).isEqualTo(expected);
    }

    @Test
    void headerMethodAndGrpcMatches() {
        RouteMatch header = new RouteMatch(Optional.empty(), List.of(NamedMatch.header("x-v", new StringMatch.Regex(
                java.util.regex.Pattern.compile("v[0-9]")))), List.of(), Optional.of("POST"), Optional.empty());
        RouteMatch grpc = new RouteMatch(Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.of(
                new RouteMatch.GrpcMethodMatch(Optional.of(new StringMatch.Exact("pkg.Echo")),
                        Optional.of(new StringMatch.Exact("Ping")))));
        CompiledRoute r = route("server", "r", OptionalInt.empty(), rule(header, backend("h")), rule(grpc, backend("g")));

        assertThat(name(router.route(List.of(r), DEST, "c", request("POST", "/", Map.of("x-v", "v2"))))).isEqualTo("h");
        assertThat(router.route(List.of(r), DEST, "c", request("GET", "/", Map.of("x-v", "v2"))))
                .isInstanceOf(RoutingDecision.Refuse.class);
        assertThat(name(router.route(List.of(r), DEST, "c", request("POST", "/pkg.Echo/Ping", Map.of())))).isEqualTo("g");
        assertThat(router.route(List.of(r), DEST, "c", request("POST", "/pkg.Echo/Other", Map.of())))
                .isInstanceOf(RoutingDecision.Refuse.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -     | -           | -    | -         | http://svc.server:9080/old/x?q=1
            https | -           | -    | -         | https://svc.server/old/x?q=1
            -     | other.host  | 8443 | -         | http://other.host:8443/old/x?q=1
            -     | -           | -    | /new      | http://svc.server:9080/new/x?q=1
            """)
    void redirectKeepsEverythingNotNamed(String scheme, String host, String port, String prefix, String location) {
        var redirect = new RouteFilter.RequestRedirect(opt(scheme), opt(host),
                opt(prefix).map(PathModifier.ReplacePrefixMatch::new),
                port.equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port)), 302);
        CompiledRoute r = route("server", "r", OptionalInt.empty(),
                new RouteRule(List.of(prefix("/old")), List.of(redirect), List.of(), RouteTimeouts.NONE));
        var req = new RequestAttributes("GET", "/old/x", "q=1", Map.of(), Map.of(), "svc.server", Optional.of(9080));

        var d = (RoutingDecision.Redirect) router.route(List.of(r), DEST, "c", req);

        assertThat(d.location()).isEqualTo(location);
        assertThat(d.status()).isEqualTo(302);
    }

    @Test
    void weightsSplitInProportion() {
        RouteRule split = new RouteRule(List.of(RouteMatch.ANY), List.of(),
                List.of(new BackendRef(new ServiceKey("server", "a"), 80, 3),
                        new BackendRef(new ServiceKey("server", "zero"), 80, 0),
                        new BackendRef(new ServiceKey("server", "b"), 80, 1)), RouteTimeouts.NONE);
        int a = 0;
        for (int i = 0; i < 4000; i++) {
            String n = router.pick(split).orElseThrow().service().name();
            assertThat(n).isNotEqualTo("zero");
            a += n.equals("a") ? 1 : 0;
        }
        assertThat(a).isBetween(2800, 3200);
    }

    @Test
    void l7AuthorizerDeniesBeforeAllowing() {
        var caller = new Caller(SpiffeId.of("client", "sa"), Optional.empty());
        var get = op(List.of("GET"), List.of());
        var admin = op(List.of(), List.of("/admin*"));
        var allowGet = policy("allow-get", AuthorizationPolicy.Action.ALLOW, get);
        var denyAdmin = policy("deny-admin", AuthorizationPolicy.Action.DENY, admin);
        var authz = new L7Authorizer("trellis-system");

        assertThat(authz.decide(List.of(allowGet, denyAdmin), "server", List.of(), caller, 80,
                request("GET", "/admin/x", Map.of())).allowed()).isFalse();
        assertThat(authz.decide(List.of(allowGet, denyAdmin), "server", List.of(), caller, 80,
                request("GET", "/public", Map.of())).allowed()).isTrue();
        assertThat(authz.decide(List.of(allowGet), "server", List.of(), caller, 80,
                request("POST", "/public", Map.of())).policy()).isEqualTo("no ALLOW policy matched");
        assertThat(authz.decide(List.of(allowGet), "elsewhere", List.of(), caller, 80,
                request("POST", "/public", Map.of())).allowed()).isTrue();
    }

    private static AuthorizationPolicy.Operation op(List<String> methods, List<String> paths) {
        return new AuthorizationPolicy.Operation(List.of(), List.of(), methods, List.of(), paths, List.of(), List.of(),
                List.of());
    }

    private static AuthorizationPolicy policy(String name, AuthorizationPolicy.Action action,
            AuthorizationPolicy.Operation op) {
        return new AuthorizationPolicy(name, "server", Map.of(), action,
                List.of(new AuthorizationPolicy.Rule(List.of(), List.of(op), List.of())));
    }

    private static Optional<String> opt(String v) {
        return v.equals("-") ? Optional.empty() : Optional.of(v);
    }

    private static String name(RoutingDecision d) {
        return ((RoutingDecision.Forward) d).backend().service().name();
    }

    private static RequestAttributes request(String method, String path, Map<String, String> headers) {
        return new RequestAttributes(method, path, "", Map.of(), headers, "svc.server", Optional.empty());
    }

    private static CompiledRoute route(String ns, String name, OptionalInt port, RouteRule... rules) {
        return new CompiledRoute(RouteKind.HTTP, ns, name, List.of(new ParentRef(SVC, port)), List.of(rules));
    }

    private static RouteRule rule(RouteMatch match, BackendRef backend) {
        return new RouteRule(List.of(match), List.of(), List.of(backend), RouteTimeouts.NONE);
    }

    private static RouteMatch prefix(String p) {
        return new RouteMatch(Optional.of(new StringMatch.PathPrefix(p)), List.of(), List.of(), Optional.empty(),
                Optional.empty());
    }

    private static BackendRef backend(String name) {
        return new BackendRef(new ServiceKey("server", name), 80, 1);
    }
}
