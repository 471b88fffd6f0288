package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of bad objects, each with the exact message it must be refused with. */
class ValidationTest {

    static Stream<Arguments> badObjects() {
        return Stream.of(
                bad("apiVersion: v1\nkind: Secret\nmetadata: {name: a}",
                        "kind: 'Secret' (expected: one of Namespace, Pod, Service, ServiceAccount, Gateway, "
                                + "HTTPRoute, GRPCRoute, AuthorizationPolicy, TrafficPolicy)"),
                bad("apiVersion: v2\nkind: Namespace\nmetadata: {name: a}",
                        "apiVersion: 'v2' (expected: v1 for Namespace)"),
                bad("- a\n- b", "(document): a list (expected: a mapping)"),
                bad("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, namespace: b}",
                        "Namespace a: metadata.namespace: 'b' (expected: none: Namespace is cluster-scoped)"),
                bad("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, generation: 3}",
                        "Namespace a: metadata.generation: unknown field"),
                bad("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {version: 2}}",
                        "Namespace a: metadata.labels.version: 2 (expected: a string (quote it))"),
                bad("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {'bad key!': x}}",
                        "Namespace a: metadata.labels.bad key!: 'bad key!' (expected: a key of at most 63 "
                                + "letters, digits, '-_.')"),
                bad("apiVersion: v1\nkind: Namespace\nmetadata: {labels: {}}",
                        "Namespace <unnamed>: metadata.name: missing (expected: the object's name)"),
                bad(svc("ports: [{port: 80, tagetPort: 8080}]"),
                        "Service default/echo: spec.ports[0].tagetPort: unknown field"),
                bad(svc("ports: [{port: 80}, {name: b, port: 81}]"),
                        "Service default/echo: spec.ports[0].name: missing (expected: a name, as the service has "
                                + "several ports)"),
                bad(svc("ports: [{name: a, port: 80}, {name: b, port: 80}]"),
                        "Service default/echo: spec.ports[1].port: 80 (expected: a port no other TCP port has)"),
                bad(svc("ports: [{port: 80, targetPort: 0}]"),
                        "Service default/echo: spec.ports[0].targetPort: 0 (expected: 1-65535 or a container "
                                + "port name)"),
                bad(svc("ports: [{port: '80'}]"),
                        "Service default/echo: spec.ports[0].port: '80' (expected: an integer)"),
                bad(svc("clusterIP: 10.0.0.300\n  ports: [{port: 80}]"),
                        "Service default/echo: spec.clusterIP: '10.0.0.300' (expected: an IPv4 or IPv6 address)"),
                bad(svc("clusterIP: echo.local\n  ports: [{port: 80}]"),
                        "Service default/echo: spec.clusterIP: 'echo.local' (expected: an IPv4 or IPv6 address)"),
                bad(svc("type: NodePort\n  ports: [{port: 80}]"),
                        "Service default/echo: spec.type: 'NodePort' (expected: ClusterIP (the only type in the "
                                + "local store))"),
                bad(svc("ports: []"), "Service default/echo: spec.ports: missing (expected: at least one port)"),
                bad("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}",
                        "Pod default/p: spec.containers: missing (expected: at least one container)"),
                bad("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, env: "
                                + "[{name: A, valueFrom: {secretKeyRef: {name: s}}}]}]",
                        "Pod default/p: spec.containers[0].env[0].valueFrom: unknown field"),
                bad("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n"
                                + "status: {phase: Running, podIPs: [{ip: 198.18.0.1}, {ip: 198.18.0.2}]}",
                        "Pod default/p: status.podIPs: [198.18.0.1, 198.18.0.2] (expected: at most one IPv4 and "
                                + "one IPv6 address)"),
                bad("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n"
                                + "status: {phase: Sleeping}",
                        "Pod default/p: status.phase: 'Sleeping' (expected: "),
                bad("apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: w}\n"
                                + "spec: {gatewayClassName: trellis-waypoint, listeners: [{name: h, port: 80, "
                                + "protocol: HTTP}]}",
                        "Gateway default/w: spec.listeners: no HBONE listener on port 15008 (expected: one, as "
                                + "every trellis-waypoint Gateway has)"),
                bad("apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: w, labels: "
                                + "{trellis.dev/waypoint-for: everything}}\nspec: {gatewayClassName: "
                                + "trellis-waypoint, listeners: [{name: m, port: 15008, protocol: HBONE}]}",
                        "Gateway default/w: metadata.labels.trellis.dev/waypoint-for: 'everything' (expected: "
                                + "service, workload, all, none)"),
                bad("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\n"
                                + "spec: {parentRefs: [{kind: Deployment, name: x}]}",
                        "HTTPRoute default/r: spec.parentRefs[0].kind: 'gateway.networking.k8s.io/Deployment' "
                                + "(expected: a core Service or a gateway.networking.k8s.io Gateway)"),
                bad("apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: r}\n"
                                + "spec: {parentRefs: [{kind: Service, group: '', name: s}], rulez: []}",
                        "GRPCRoute default/r: spec.rulez: unknown field"),
                bad("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\n"
                                + "spec: {parentRefs: [{kind: Service, group: '', name: s}], rules: [{filters: ~}]}",
                        "HTTPRoute default/r: spec.rules[0].filters: null (expected: a value)"),
                bad("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\n"
                                + "spec: &x {parentRefs: [{kind: Service, group: '', name: s}], rules: [*x]}",
                        "HTTPRoute default/r: spec.rules[0].rules[0].rules[0]"),
                bad(authz("action: PERMIT"),
                        "AuthorizationPolicy default/p: spec.action: 'PERMIT' (expected: ALLOW, DENY or AUDIT)"),
                bad(authz("rules: [{to: [{operation: {ports: [0]}}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].to[0].operation.ports[0]: 0 (expected: "
                                + "1-65535)"),
                bad(authz("rules: [{from: [{source: {ipBlocks: [198.18.0.0/40]}}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].from[0].source.ipBlocks[0]: "
                                + "'198.18.0.0/40' (expected: an IP address or CIDR block)"),
                bad(authz("rules: [{from: [{source: {}}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].from[0].source: empty (expected: at least "
                                + "one field)"),
                bad(authz("rules: [{from: [{source: {principals: []}}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].from[0].source.principals: [] (expected: "
                                + "at least one entry)"),
                bad(authz("rules: [{to: [{operation: {methods: [get]}}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].to[0].operation.methods[0]: 'get' "
                                + "(expected: a value matching [A-Z]+|\\*)"),
                bad(authz("rules: [{when: [{key: source.port, values: ['1']}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].when[0].key: 'source.port' (expected: "),
                bad(authz("rules: [{when: [{key: source.ip}]}]"),
                        "AuthorizationPolicy default/p: spec.rules[0].when[0].values: missing (expected: values "
                                + "or notValues)"),
                bad(traffic("loadBalancer: {roundRobin: {}, leastRequest: {}}"),
                        "TrafficPolicy default/t: spec.loadBalancer: 2 algorithms (expected: exactly one of "
                                + "roundRobin, leastRequest, ringHash)"),
                bad(traffic("loadBalancer: {random: {}}"),
                        "TrafficPolicy default/t: spec.loadBalancer.random: unknown field"),
                bad(traffic("loadBalancer: {ringHash: {minimumRingSize: 10}}"),
                        "TrafficPolicy default/t: spec.loadBalancer.ringHash: neither header nor cookie "
                                + "(expected: exactly one of them)"),
                bad(traffic("retry: {attempts: 11}"),
                        "TrafficPolicy default/t: spec.retry.attempts: 11 (expected: 0-10)"),
                bad(traffic("retry: {attempts: 2, perTryTimeout: 5 seconds}"),
                        "TrafficPolicy default/t: spec.retry.perTryTimeout: '5 seconds' (expected: a duration "
                                + "such as 500ms, 2s, 1h30m)"),
                bad(traffic("retry: {attempts: 2, retryOn: [timeout]}"),
                        "TrafficPolicy default/t: spec.retry.retryOn[0]: 'timeout' (expected: "),
                bad(traffic("faultInjection: {abort: {percent: 10, httpStatus: 700}}"),
                        "TrafficPolicy default/t: spec.faultInjection.abort.httpStatus: 700 (expected: 200-599)"),
                bad(traffic("faultInjection: {delay: {percent: 10}}"),
                        "TrafficPolicy default/t: spec.faultInjection.delay.fixedDelay: missing (expected: a "
                                + "duration such as 500ms)"),
                bad(traffic("faultInjection: {}"),
                        "TrafficPolicy default/t: spec.faultInjection: empty (expected: delay, abort or both)"),
                bad(traffic("rateLimit: {tokensPerFill: 0, fillInterval: 1s}"),
                        "TrafficPolicy default/t: spec.rateLimit.tokensPerFill: 0 (expected: >= 1)"),
                bad(traffic("rateLimit: {tokensPerFill: 5, fillInterval: 1s, burst: 9}"),
                        "TrafficPolicy default/t: spec.rateLimit.burst: unknown field"),
                bad(traffic("outlierDetection: {maxEjectionPercent: 101}"),
                        "TrafficPolicy default/t: spec.outlierDetection.maxEjectionPercent: 101 (expected: "
                                + "0-100)"),
                bad("apiVersion: networking.trellis.dev/v1\nkind: TrafficPolicy\nmetadata: {name: t}\n"
                                + "spec: {targetRef: {kind: Deployment, name: x}}",
                        "TrafficPolicy default/t: spec.targetRef.kind: 'Deployment' (expected: Service)"));
    }

    @ParameterizedTest
    @MethodSource("badObjects")
    void refusesWithAMessageNamingObjectAndField(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> YamlResourceReader.read(yaml, "t.yaml"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageStartingWith("t.yaml (document 1): " + expectedMessage);
    }

    private static Arguments bad(String yaml, String message) {
        return Arguments.of(yaml, message);
    }

    private static String svc(String spec) {
        return "apiVersion: v1\nkind: Service\nmetadata: {name: echo}\nspec:\n  " + spec;
    }

    private static String authz(String spec) {
        return "apiVersion: security.trellis.dev/v1\nkind: AuthorizationPolicy\nmetadata: {name: p}\nspec:\n  "
                + spec;
    }

    private static String traffic(String spec) {
        return "apiVersion: networking.trellis.dev/v1\nkind: TrafficPolicy\nmetadata: {name: t}\nspec:\n  "
                + "targetRef: {kind: Service, name: echo}\n  " + spec;
    }
}
