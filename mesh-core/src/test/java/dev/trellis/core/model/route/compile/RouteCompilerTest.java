package dev.trellis.core.model.route.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.NamedMatch;
import dev.trellis.core.model.route.ParentRef;
import dev.trellis.core.model.route.PathModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteKind;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.StringMatch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class RouteCompilerTest {

    private static final String CANARY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: canary, namespace: default}
            spec:
              parentRefs:
              - {group: "", kind: Service, name: reviews, port: 9080}
              - {group: gateway.networking.k8s.io, kind: Gateway, name: waypoint}
              rules:
              - matches:
                - path: {type: PathPrefix, value: /api}
                  headers: [{name: X-User, value: alice}]
                  queryParams: [{name: debug, type: RegularExpression, value: "1|true"}]
                  method: GET
                filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier:
                    set: [{name: X-Route, value: canary}]
                    add: [{name: X-Extra, value: "1"}]
                    remove: [X-Drop]
                - type: URLRewrite
                  urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}
                backendRefs:
                - {name: reviews-v1, port: 9080, weight: 90}
                - {name: reviews-v2, namespace: other, port: 9080, weight: 10}
                timeouts: {request: 1m30s, backendRequest: 500ms}
              - backendRefs: [{name: reviews, port: 9080}]
            """;

    private final RouteCompiler compiler = new RouteCompiler();

    @Test
    void compilesEveryPartOfAnHttpRoute() throws Exception {
        CompiledRoute route = compiler.compile(yaml(CANARY));

        assertThat(route.kind()).isEqualTo(RouteKind.HTTP);
        assertThat(route.displayName()).isEqualTo("HTTPRoute default/canary");
        assertThat(route.parents()).containsExactly(
                new ParentRef(new ServiceKey("default", "reviews"), OptionalInt.of(9080)));
        var rule = route.rules().get(0);
        assertThat(rule.matches()).containsExactly(new RouteMatch(Optional.of(new StringMatch.PathPrefix("/api")),
                java.util.List.of(NamedMatch.header("x-user", new StringMatch.Exact("alice"))),
                java.util.List.of(new NamedMatch("debug", new StringMatch.Regex(java.util.regex.Pattern.compile("1|true")))),
                Optional.of("GET"), Optional.empty()));
        assertThat(rule.filters()).hasSize(2);
        var headers = (RouteFilter.RequestHeaders) rule.filters().get(0);
        assertThat(headers.modifier().set()).containsExactly(Map.entry("x-route", "canary"));
        assertThat(headers.modifier().add()).containsExactly(Map.entry("x-extra", "1"));
        assertThat(headers.modifier().remove()).containsExactly("x-drop");
        assertThat(rule.filters().get(1)).isEqualTo(new RouteFilter.UrlRewrite(Optional.empty(),
                Optional.of(new PathModifier.ReplacePrefixMatch("/v2"))));
        assertThat(rule.backends()).containsExactly(
                new BackendRef(new ServiceKey("default", "reviews-v1"), 9080, 90),
                new BackendRef(new ServiceKey("other", "reviews-v2"), 9080, 10));
        assertThat(rule.timeouts().request()).contains(Duration.ofSeconds(90));
        assertThat(rule.timeouts().backendRequest()).contains(Duration.ofMillis(500));
        var catchAll = route.rules().get(1);
        assertThat(catchAll.matches()).containsExactly(RouteMatch.ANY);
        assertThat(catchAll.backends()).containsExactly(new BackendRef(new ServiceKey("default", "reviews"), 9080, 1));
    }

    @Test
    void compilesGrpcRouteMethodMatchesAndConsumerScope() throws Exception {
        CompiledRoute route = compiler.compile(yaml("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: echo, namespace: client}
                spec:
                  parentRefs: [{group: "", kind: Service, name: echo, namespace: server}]
                  rules:
                  - matches:
                    - method: {service: trellis.echo.Echo, method: Ping}
                    backendRefs: [{name: echo-v2, namespace: server, port: 50051}]
                """));

        assertThat(route.kind()).isEqualTo(RouteKind.GRPC);
        ParentRef parent = route.parents().get(0);
        assertThat(parent.port()).isEmpty();
        assertThat(parent.covers(new ServiceKey("server", "echo"), 1234)).isTrue();
        assertThat(route.isConsumerRouteFor(parent)).isTrue();
        assertThat(route.appliesTo(parent, "client")).isTrue();
        assertThat(route.appliesTo(parent, "elsewhere")).isFalse();
        RouteMatch match = route.rules().get(0).matches().get(0);
        assertThat(match.grpc()).contains(new RouteMatch.GrpcMethodMatch(
                Optional.of(new StringMatch.Exact("trellis.echo.Echo")), Optional.of(new StringMatch.Exact("Ping"))));
    }

    @Test
    void compilesRedirectKeepingUnnamedParts() throws Exception {
        CompiledRoute route = compiler.compile(yaml(route("""
                - filters:
                  - type: RequestRedirect
                    requestRedirect: {hostname: new.example, statusCode: 301}
                """)));

        assertThat(route.rules().get(0).filters()).containsExactly(new RouteFilter.RequestRedirect(
                Optional.empty(), Optional.of("new.example"), Optional.empty(), OptionalInt.empty(), 301));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            - backendRefs: [{name: a, port: 80}, {name: b, port: 80, weight: -1}]                | spec.rules[0].backendRefs[1].weight: -1 (expected: 0-1000000)
            - backendRefs: [{name: a}]                                                           | spec.rules[0].backendRefs[0].port: missing (expected: the Service port, 1-65535)
            - backendRefs: [{name: a, port: 70000}]                                              | spec.rules[0].backendRefs[0].port: 70000 (expected: 1-65535)
            - matches: [{path: {type: Exact, value: nope}}]                                      | spec.rules[0].matches[0].path.value: 'nope' (expected: a path starting with /)
            - matches: [{path: {type: Glob, value: /a}}]                                         | spec.rules[0].matches[0].path.type: 'Glob' (expected: Exact, PathPrefix or RegularExpression)
            - matches: [{headers: [{name: x, type: RegularExpression, value: '(['}]}]             | spec.rules[0].matches[0].headers[0].value: '([' (expected: a regular expression; unclosed character class)
            - matches: [{method: FETCH}]                                                         | spec.rules[0].matches[0].method: 'FETCH' (expected: one of
            - timeouts: {request: 10 seconds}                                                    | spec.rules[0].timeouts.request: '10 seconds' (expected: a duration such as 500ms, 10s or 1m30s)
            - timeouts: {request: 1s, backendRequest: 2s}                                        | spec.rules[0].timeouts.backendRequest: PT2S (expected: at most timeouts.request, PT1S)
            - filters: [{type: Teleport}]                                                        | spec.rules[0].filters[0].type: 'Teleport' (expected: RequestHeaderModifier
            - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 307}}]              | spec.rules[0].filters[0].requestRedirect.statusCode: 307 (expected: 301 or 302)
            - filters: [{type: RequestRedirect, requestRedirect: {scheme: ftp}}]                  | spec.rules[0].filters[0].requestRedirect.scheme: 'ftp' (expected: http or https)
            - {matches: [{path: {type: Exact, value: /a}}], filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]} | spec.rules[0].filters[0].urlRewrite.path.type: ReplacePrefixMatch on a rule whose matches are not all PathPrefix
            - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}, percent: 101}}] | spec.rules[0].filters[0].requestMirror.percent: 101 (expected: 0-100)
            - backendRefs: [{kind: ConfigMap, name: a, port: 80}]                                | spec.rules[0].backendRefs[0].kind: '/ConfigMap' (expected: a core Service)
            - backendRefs: {name: a}                                                             | spec.rules[0].backendRefs: {name=a} (expected: a list)
            """)
    void rejectsBadFieldsNamingRouteAndPath(String rules, String expected) {
        assertThatThrownBy(() -> compiler.compile(yaml(route(rules))))
                .isInstanceOf(RouteValidationException.class)
                .hasMessageStartingWith("HTTPRoute default/canary: " + expected.strip());
    }

    @Test
    void rejectsARouteWithoutServiceParent() {
        assertThatThrownBy(() -> compiler.compile(yaml("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r, namespace: ns}
                spec:
                  parentRefs: [{name: some-gateway}]
                """))).hasMessage("HTTPRoute ns/r: spec.parentRefs: no parentRef of kind Service "
                + "(expected: at least one, group \"\", kind Service)");
    }

    @Test
    void rejectsWrongKindAndVersion() {
        assertThatThrownBy(() -> compiler.compile(yaml("{apiVersion: v1, kind: Service, metadata: {name: x}}")))
                .hasMessage("route: kind: 'Service' (expected: HTTPRoute or GRPCRoute)");
        assertThatThrownBy(() -> compiler.compile(yaml(
                "{apiVersion: gateway.networking.k8s.io/v1beta1, kind: HTTPRoute, metadata: {name: x}}")))
                .hasMessage("HTTPRoute default/x: apiVersion: 'gateway.networking.k8s.io/v1beta1' "
                        + "(expected: gateway.networking.k8s.io/v1)");
    }

    private static String route(String rules) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: canary, namespace: default}
                spec:
                  parentRefs: [{group: "", kind: Service, name: reviews}]
                  rules:
                """ + rules.indent(2);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }
}
