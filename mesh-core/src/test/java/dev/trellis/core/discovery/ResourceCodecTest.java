package dev.trellis.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Cidr;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceCodecTest {
    private static final Workload WORKLOAD = new Workload("uid-1", "echo-0", "demo", SpiffeId.of("demo", "echo"),
            "node-2", List.of(InetAddress.ofLiteral("198.18.1.5"), InetAddress.ofLiteral("fd00:7472::5")), true,
            Optional.of(new WaypointRef("demo", "waypoint")), Map.of("app", "echo", "version", "v2"),
            Workload.WorkloadStatus.UNHEALTHY);

    @Test
    void aWorkloadSurvivesTheRoundTrip() {
        assertThat(ResourceCodec.decode(ResourceCodec.encode(WORKLOAD).getWorkload())).isEqualTo(WORKLOAD);
    }

    @Test
    void aServiceWithEveryTrafficPolicyPartSurvivesTheRoundTrip() {
        TrafficPolicy policy = new TrafficPolicy(
                new TrafficPolicy.LoadBalancer(TrafficPolicy.Algorithm.RING_HASH, Optional.of("x-user"), Optional.empty()),
                new TrafficPolicy.ConnectionPool(100, Integer.MAX_VALUE, 5, Duration.ofMillis(750)),
                Optional.of(new TrafficPolicy.OutlierDetection(5, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), 50)),
                Optional.of(new TrafficPolicy.Retry(3, Duration.ofMillis(250), List.of("5xx", "unavailable"), 20)),
                Optional.of(new TrafficPolicy.FaultInjection(10, Duration.ofMillis(300), 5, 503)),
                Optional.of(new TrafficPolicy.RateLimit(100, Duration.ofSeconds(1), 200)));
        Service service = new Service(new ServiceKey("demo", "echo"), "echo.demo.svc.cluster.local",
                List.of(InetAddress.ofLiteral("198.19.0.7")),
                List.of(new ServicePort("http", 80, 8080, Optional.empty()),
                        new ServicePort("rpc", 9090, 9090, Optional.of("kubernetes.io/h2c"))),
                List.of(new Endpoint("uid-1", InetAddress.ofLiteral("198.18.1.5"), false)),
                Optional.of(new WaypointRef("demo", "waypoint")), policy);
        assertThat(ResourceCodec.decode(ResourceCodec.encode(service).getService())).isEqualTo(service);
    }

    @Test
    void anAuthorizationPolicySurvivesTheRoundTrip() {
        AuthorizationPolicy policy = new AuthorizationPolicy("allow-frontend", "demo", Map.of("app", "echo"),
                AuthorizationPolicy.Action.DENY, List.of(new AuthorizationPolicy.Rule(
                        List.of(new AuthorizationPolicy.Source(List.of("cluster.local/ns/demo/sa/frontend"), List.of(),
                                List.of("demo"), List.of("kube-system"), List.of(Cidr.parse("198.18.0.0/16")),
                                List.of(Cidr.parse("fd00:7472::/32")))),
                        List.of(new AuthorizationPolicy.Operation(List.of(8080), List.of(9090), List.of("GET"),
                                List.of(), List.of("/admin*"), List.of(), List.of(), List.of("evil.example"))),
                        List.of(new AuthorizationPolicy.Condition("request.headers[x-user]", List.of("alice"),
                                List.of())))));
        assertThat(ResourceCodec.decode(ResourceCodec.encode(policy).getAuthorization())).isEqualTo(policy);
    }

    @Test
    void aBadAddressIsRefusedNamingTheWorkload() {
        var bad = ResourceCodec.encode(WORKLOAD).getWorkload().toBuilder()
                .setAddresses(0, ByteString.copyFrom(new byte[] {1, 2, 3})).build();
        assertThatThrownBy(() -> ResourceCodec.decode(bad)).isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("Workload uid-1").hasMessageContaining("3 bytes");
    }

    @Test
    void aBadPortIsRefusedNamingTheServiceAndField() {
        var bad = ResourceCodec.encode(new Service(new ServiceKey("demo", "echo"), "h", List.of(),
                List.of(new ServicePort("http", 80, 8080, Optional.empty())), List.of(), Optional.empty(),
                TrafficPolicy.DEFAULT)).getService();
        var broken = bad.toBuilder().setPorts(0, bad.getPorts(0).toBuilder().setTargetPort(70000)).build();
        assertThatThrownBy(() -> ResourceCodec.decode(broken)).hasMessageContaining("Service demo/echo")
                .hasMessageContaining("targetPort: 70000");
    }

    @Test
    void aDeltaReplacesChangedResourcesAndDropsRemovedOnes() {
        ResourceSet base = ResourceSet.of(List.of(ResourceCodec.encode(WORKLOAD), ResourceCodec.encodeTrustBundle(List.of("A"))));
        Workload moved = new Workload("uid-2", "echo-1", "demo", SpiffeId.of("demo", "echo"), "node-1",
                List.of(InetAddress.ofLiteral("198.18.1.6")), true, Optional.empty(), Map.of(),
                Workload.WorkloadStatus.HEALTHY);
        ResourceSet target = ResourceSet.of(List.of(ResourceCodec.encode(moved), ResourceCodec.encodeTrustBundle(List.of("A", "B"))));
        ResourceSet.Delta delta = target.deltaFrom(base);
        ResourceSet applied = base.apply(DiscoveryResponse.newBuilder().setFull(false)
                .addAllResources(delta.changed()).addAllRemoved(delta.removed()).build());
        assertThat(applied).isEqualTo(target);
        assertThat(applied.version()).isEqualTo(target.version());
        assertThat(applied.toSnapshot("v").trustBundlePem()).containsExactly("A", "B");
        assertThat(applied.toSnapshot("v").workloadsByAddress()).containsOnlyKeys(InetAddress.ofLiteral("198.18.1.6"));
    }
}
