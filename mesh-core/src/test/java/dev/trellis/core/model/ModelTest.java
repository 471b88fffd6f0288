package dev.trellis.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.identity.SpiffeId;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelTest {

    @ParameterizedTest
    @CsvSource({
        "198.18.0.0/15, 198.19.255.255, true",
        "198.18.0.0/15, 198.20.0.1, false",
        "198.18.3.7, 198.18.3.7, true",
        "198.18.3.7, 198.18.3.8, false",
        "198.18.0.0/23, 198.18.1.200, true",
        "198.18.0.0/23, 198.18.2.0, false",
        "fd00:7472::/32, fd00:7472:1::5, true",
        "fd00:7472::/32, fd00:7473::5, false",
        "198.18.0.0/15, fd00:7472::1, false",
        "0.0.0.0/0, 127.0.0.1, true",
    })
    void cidrContains(String cidr, String address, boolean expected) {
        assertThat(Cidr.parse(cidr).contains(InetAddress.ofLiteral(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "198.18.0.0/33 | prefix length: 33 (expected: 0-32)",
        "198.18.0.0/x  | prefix length is not a number",
        "example.com   | not an IP address",
        "/8            | not an IP address",
    })
    void cidrRejects(String value, String message) {
        assertThatThrownBy(() -> Cidr.parse(value)).hasMessageContaining(value).hasMessageContaining(message);
    }

    @Test
    void snapshotIndexesAddressesAndVips() {
        InetAddress podIp = InetAddress.ofLiteral("198.18.1.10");
        InetAddress podIp6 = InetAddress.ofLiteral("fd00:7472::10");
        InetAddress vip = InetAddress.ofLiteral("198.19.0.1");
        Workload w = new Workload("uid-1", "echo-1", "shop", SpiffeId.of("shop", "echo"), "node-1",
                List.of(podIp, podIp6), true, Optional.empty(), Map.of("version", "v2"),
                Workload.WorkloadStatus.HEALTHY);
        Service s = new Service(new ServiceKey("shop", "echo"), "echo.shop.svc.cluster.local", List.of(vip),
                List.of(new ServicePort("http", 80, 8080, Optional.empty())),
                List.of(new Endpoint("uid-1", podIp, true)), Optional.empty(), TrafficPolicy.DEFAULT);

        MeshSnapshot snapshot = MeshSnapshot.of("7", Map.of(w.uid(), w), Map.of(s.key(), s), List.of(), List.of());

        assertThat(snapshot.workloadAt(podIp6)).contains(w);
        assertThat(snapshot.serviceAt(vip)).contains(s);
        assertThat(snapshot.serviceAt(podIp)).isEmpty();
        assertThat(w.version()).isEqualTo("v2");
        assertThat(s.port(80).orElseThrow().isHttp()).isTrue();
        assertThat(s.port(81)).isEmpty();
    }

    @Test
    void servicePortProtocolDetection() {
        assertThat(new ServicePort("grpc-api", 9000, 9000, Optional.empty()).isHttp()).isTrue();
        assertThat(new ServicePort("tcp-db", 5432, 5432, Optional.empty()).isHttp()).isFalse();
        assertThat(new ServicePort("db", 5432, 5432, Optional.of("kubernetes.io/h2c")).isHttp()).isTrue();
        assertThat(new ServicePort("http", 80, 80, Optional.of("tcp")).isHttp()).isFalse();
        assertThatThrownBy(() -> new ServicePort("x", 0, 80, Optional.empty()))
                .hasMessage("port: 0 (expected: 1-65535)");
    }

    @Test
    void policyWithRequestAttributesNeedsWaypoint() {
        var l4 = new AuthorizationPolicy.Operation(List.of(80), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of());
        var l7 = new AuthorizationPolicy.Operation(List.of(), List.of(), List.of("GET"), List.of(), List.of(),
                List.of(), List.of(), List.of());
        var header = new AuthorizationPolicy.Condition("request.headers[x-user]", List.of("a"), List.of());
        assertThat(policy(new AuthorizationPolicy.Rule(List.of(), List.of(l4), List.of())).hasL7Rules()).isFalse();
        assertThat(policy(new AuthorizationPolicy.Rule(List.of(), List.of(l7), List.of())).hasL7Rules()).isTrue();
        assertThat(policy(new AuthorizationPolicy.Rule(List.of(), List.of(), List.of(header))).hasL7Rules()).isTrue();
    }

    @Test
    void ringHashNeedsAKey() {
        assertThatThrownBy(() -> new TrafficPolicy.LoadBalancer(
                TrafficPolicy.Algorithm.RING_HASH, Optional.empty(), Optional.empty()))
                .hasMessageContaining("needs a header or a cookie");
    }

    private static AuthorizationPolicy policy(AuthorizationPolicy.Rule rule) {
        return new AuthorizationPolicy("p", "shop", Map.of(), AuthorizationPolicy.Action.DENY, List.of(rule));
    }
}
