package dev.trellis.nodeagent.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.NodeAgentConfig;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundAuthorizerTest {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final InboundAuthorizer inbound = new InboundAuthorizer(
            new Authorizer(NodeAgentConfig.DEFAULT_ROOT_NAMESPACE), new AuthorizationTelemetry(registry));
    private final Workload echo = AuthorizerTest.request("web", "198.18.1.10", 80, false).destination();
    private final List<AuthorizationPolicy> policies = List.of(
            Policies.policy(Action.ALLOW, "shop", "allow-get", Map.of(), Policies.to(Policies.methods("GET"))));

    @Test
    void l7PolicyFailsClosedUntilAWaypointIsBoundThenTheWaypointEnforcesIt() {
        Service unbound = service(Optional.empty());
        Service bound = service(Optional.of(new WaypointRef("shop", "waypoint")));
        InetSocketAddress target = new InetSocketAddress(echo.addresses().getFirst(), 8080);
        Optional<SpiffeId> peer = Optional.of(SpiffeId.of("shop", "waypoint"));
        InetAddress from = InetAddress.ofLiteral("198.18.4.10");

        Decision before = inbound.authorize(snapshot(unbound), peer, from, echo, target);
        Decision after = inbound.authorize(snapshot(bound), peer, from, echo, target);

        assertThat(before.reason()).isEqualTo(Decision.Reason.L7_WITHOUT_WAYPOINT);
        assertThat(after.allowed()).isTrue();
        String text = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
        assertThat(text).contains("decision=\"deny\",reason=\"l7_without_waypoint\"} 1.0")
                .contains("decision=\"allow\",reason=\"no_allow_policy\"} 1.0");
    }

    private Service service(Optional<WaypointRef> waypoint) {
        return new Service(new ServiceKey("shop", "echo"), "echo.shop.svc.cluster.local", List.of(), List.of(),
                List.of(new Endpoint(echo.uid(), echo.addresses().getFirst(), true)), waypoint, TrafficPolicy.DEFAULT);
    }

    private MeshSnapshot snapshot(Service s) {
        return MeshSnapshot.of("v", Map.of(echo.uid(), echo), Map.of(s.key(), s), policies, List.of());
    }
}
