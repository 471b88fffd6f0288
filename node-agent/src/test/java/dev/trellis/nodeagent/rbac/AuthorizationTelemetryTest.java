package dev.trellis.nodeagent.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.nodeagent.NodeAgentConfig;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthorizationTelemetryTest {

    @Test
    void countsDecisionsAndWarnsWhenFailingClosed() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        AuthorizationTelemetry telemetry = new AuthorizationTelemetry(registry);
        Authorizer authorizer = new Authorizer(NodeAgentConfig.DEFAULT_ROOT_NAMESPACE);
        var l7 = List.of(Policies.policy(Action.ALLOW, "shop", "allow-get", Map.of(),
                Policies.to(Policies.methods("GET"))));
        Logger logger = (Logger) LoggerFactory.getLogger(AuthorizationTelemetry.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            AuthorizationRequest request = AuthorizerTest.request("web", "198.18.1.10", 80, false);
            telemetry.record(authorizer.authorize(l7, request), request);
            telemetry.record(authorizer.authorize(l7, request), request);
            telemetry.record(authorizer.authorize(List.of(), request), request);
        } finally {
            logger.detachAppender(appender);
        }

        String text = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
        assertThat(text).contains(
                "trellis_authorization_decisions_total{decision=\"deny\",reason=\"l7_without_waypoint\"} 2.0")
                .contains("trellis_authorization_decisions_total{decision=\"allow\",reason=\"no_allow_policy\"} 1.0");
        assertThat(appender.list).hasSize(2);
        assertThat(appender.list.getFirst().getFormattedMessage()).isEqualTo("policy shop/allow-get has L7 rules and "
                + "no waypoint serves shop/echo-1 (caller 198.18.1.10 spiffe://cluster.local/ns/shop/sa/web); bind a "
                + "waypoint to shop/echo-1 or remove the policy's L7 rules");
    }

    @Test
    void waypointCoverageFollowsServiceBindingsAndWorkloadBindings() {
        AuthorizationRequest request = AuthorizerTest.request("web", "198.18.1.10", 80, false);
        var echo = request.destination();
        Service bound = new Service(new ServiceKey("shop", "echo"), "echo.shop.svc.cluster.local", List.of(),
                List.of(), List.of(new Endpoint(echo.uid(), echo.addresses().getFirst(), true)),
                Optional.of(new WaypointRef("shop", "waypoint")), TrafficPolicy.DEFAULT);
        Service unbound = new Service(new ServiceKey("shop", "echo"), "echo.shop.svc.cluster.local", List.of(),
                List.of(), bound.endpoints(), Optional.empty(), TrafficPolicy.DEFAULT);
        MeshSnapshot withWaypoint = MeshSnapshot.of("1", Map.of(echo.uid(), echo), Map.of(bound.key(), bound),
                List.of(), List.of());
        MeshSnapshot without = MeshSnapshot.of("2", Map.of(echo.uid(), echo), Map.of(unbound.key(), unbound),
                List.of(), List.of());
        WaypointCoverage coverage = new WaypointCoverage();

        assertThat(coverage.serves(withWaypoint, echo)).isTrue();
        assertThat(coverage.serves(without, echo)).isFalse();
        var direct = new dev.trellis.core.model.Workload(echo.uid(), echo.name(), echo.namespace(), echo.identity(),
                echo.node(), echo.addresses(), true, Optional.of(new WaypointRef("shop", "wp")), echo.labels(),
                echo.status());
        assertThat(coverage.serves(without, direct)).isTrue();
    }
}
