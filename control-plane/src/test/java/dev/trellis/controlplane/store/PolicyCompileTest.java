package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.AuthorizationPolicy.Condition;
import dev.trellis.core.model.AuthorizationPolicy.Operation;
import dev.trellis.core.model.AuthorizationPolicy.Rule;
import dev.trellis.core.model.AuthorizationPolicy.Source;
import dev.trellis.core.model.Cidr;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.TrafficPolicy.Algorithm;
import dev.trellis.core.model.TrafficPolicy.ConnectionPool;
import dev.trellis.core.model.TrafficPolicy.LoadBalancer;
import dev.trellis.core.model.TrafficPolicy.OutlierDetection;
import dev.trellis.core.model.TrafficPolicy.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** AuthorizationPolicy and TrafficPolicy compile into exactly the mesh-core model records. */
class PolicyCompileTest {

    @Test
    void compilesAnAuthorizationPolicyWithL4AndL7Rules() {
        Resource r = single("""
                apiVersion: security.trellis.dev/v1
                kind: AuthorizationPolicy
                metadata: {name: backend-allow-frontend, namespace: shop}
                spec:
                  selector: {matchLabels: {app: backend}}
                  action: DENY
                  rules:
                  - from:
                    - source: {principals: ["cluster.local/ns/shop/sa/frontend"], ipBlocks: [198.18.0.0/16]}
                    to:
                    - operation: {ports: [8080], methods: [GET], paths: ["/api/*"]}
                    when:
                    - {key: source.ip, notValues: ["198.18.0.66"]}
                  - {}
                """);

        AuthorizationPolicy expected = new AuthorizationPolicy("backend-allow-frontend", "shop",
                Map.of("app", "backend"), Action.DENY, List.of(
                        new Rule(List.of(new Source(List.of("cluster.local/ns/shop/sa/frontend"), List.of(),
                                List.of(), List.of(), List.of(Cidr.parse("198.18.0.0/16")), List.of())),
                                List.of(new Operation(List.of(8080), List.of(), List.of("GET"), List.of(),
                                        List.of("/api/*"), List.of(), List.of(), List.of())),
                                List.of(new Condition("source.ip", List.of(), List.of("198.18.0.66")))),
                        new Rule(List.of(), List.of(), List.of())));
        assertThat(((AuthorizationPolicyResource) r).policy()).isEqualTo(expected);
        assertThat(expected.hasL7Rules()).isTrue();
    }

    @Test
    void anAuthorizationPolicyWithoutActionAllows() {
        Resource r = single("""
                apiVersion: security.trellis.dev/v1
                kind: AuthorizationPolicy
                metadata: {name: nothing}
                spec: {}
                """);

        AuthorizationPolicy policy = ((AuthorizationPolicyResource) r).policy();
        assertThat(policy.action()).isEqualTo(Action.ALLOW);
        assertThat(policy.rules()).isEmpty();
        assertThat(policy.selector()).isEmpty();
    }

    @Test
    void compilesTheDocumentedTrafficPolicy() {
        Resource r = single("""
                apiVersion: networking.trellis.dev/v1
                kind: TrafficPolicy
                metadata: {name: orders, namespace: shop}
                spec:
                  targetRef: {kind: Service, name: orders}
                  loadBalancer:
                    leastRequest: {choiceCount: 2}
                  connectionPool:
                    tcp: {maxConnections: 1000, connectTimeout: 2s}
                    http: {maxPendingRequests: 256, maxRequests: 1024}
                  outlierDetection:
                    consecutive5xxErrors: 5
                    consecutiveConnectFailures: 3
                    interval: 10s
                    baseEjectionTime: 1m30s
                    maxEjectionPercent: 50
                  retry:
                    attempts: 2
                    perTryTimeout: 500ms
                    retryOn: [connect-failure, refused-stream, unavailable, gateway-error]
                    budget: {percent: 20, minRetriesPerSecond: 10}
                """);

        TrafficPolicyResource tp = (TrafficPolicyResource) r;
        assertThat(tp.targetService()).isEqualTo("orders");
        assertThat(tp.targetPort()).isEmpty();
        assertThat(tp.policy()).isEqualTo(new TrafficPolicy(
                new LoadBalancer(Algorithm.LEAST_REQUEST, Optional.empty(), Optional.empty()),
                new ConnectionPool(1000, 256, Integer.MAX_VALUE, Duration.ofSeconds(2)),
                Optional.of(new OutlierDetection(5, Integer.MAX_VALUE, Duration.ofSeconds(10),
                        Duration.ofSeconds(90), 50)),
                Optional.of(new Retry(3, Duration.ofMillis(500),
                        List.of("connect-failure", "refused-stream", "unavailable", "gateway-error"), 20))));
    }

    @Test
    void aPortScopedRingHashPolicyWithoutRetries() {
        Resource r = single("""
                apiVersion: networking.trellis.dev/v1
                kind: TrafficPolicy
                metadata: {name: sticky}
                spec:
                  targetRef: {kind: Service, name: cart, port: 8080}
                  loadBalancer: {ringHash: {cookie: {name: session, ttl: 1h}}}
                  retry: {attempts: 0}
                """);

        TrafficPolicyResource tp = (TrafficPolicyResource) r;
        assertThat(tp.targetPort()).isEqualTo(OptionalInt.of(8080));
        assertThat(tp.policy()).isEqualTo(new TrafficPolicy(
                new LoadBalancer(Algorithm.RING_HASH, Optional.empty(), Optional.of("session")),
                ConnectionPool.UNLIMITED, Optional.empty(), Optional.of(new TrafficPolicy.Retry(1, Duration.ZERO,
                        List.of("connect-failure", "refused-stream", "unavailable", "gateway-error"), 20))));
    }

    @Test
    void faultInjectionAndARateLimit() {
        Resource r = single("""
                apiVersion: networking.trellis.dev/v1
                kind: TrafficPolicy
                metadata: {name: chaos}
                spec:
                  targetRef: {kind: Service, name: cart}
                  faultInjection:
                    delay: {percent: 25, fixedDelay: 300ms}
                    abort: {percent: 10, httpStatus: 503}
                  rateLimit: {tokensPerFill: 50, fillInterval: 1s, maxTokens: 100}
                """);

        TrafficPolicy policy = ((TrafficPolicyResource) r).policy();
        assertThat(policy.faultInjection()).contains(new TrafficPolicy.FaultInjection(25, Duration.ofMillis(300), 10,
                503));
        assertThat(policy.rateLimit()).contains(new TrafficPolicy.RateLimit(50, Duration.ofSeconds(1), 100));
    }

    private static Resource single(String yaml) {
        List<Resource> objects = YamlResourceReader.read(yaml, "policy.yaml");
        assertThat(objects).hasSize(1);
        return objects.getFirst();
    }
}
