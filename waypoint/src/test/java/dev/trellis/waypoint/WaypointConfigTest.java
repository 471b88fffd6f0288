package dev.trellis.waypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaypointConfigTest {

    private static final Map<String, String> FILES = Map.of("TRELLIS_CERT_CHAIN", "/c.pem", "TRELLIS_KEY", "/k.pem",
            "TRELLIS_TRUST_BUNDLE", "/b.pem");

    @Test
    void defaultsAreTheDesignPorts() {
        WaypointConfig c = WaypointConfig.parse(List.of(), FILES);

        assertThat(List.of(c.hbonePort(), c.adminPort(), c.metricsPort(), c.readinessPort()))
                .containsExactly(15008, 15000, 15020, 15021);
        assertThat(c.certChain()).contains(Path.of("/c.pem"));
        assertThat(c.detectionTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void flagWinsOverEnvironment() {
        var env = new java.util.HashMap<>(FILES);
        env.put("TRELLIS_HBONE_PORT", "16008");

        assertThat(WaypointConfig.parse(List.of("--hbone-port=17008"), env).hbonePort()).isEqualTo(17008);
        assertThat(WaypointConfig.parse(List.of(), env).hbonePort()).isEqualTo(16008);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> WaypointConfig.parse(List.of("--metrics-port", "0"), FILES))
                .hasMessage("--metrics-port (TRELLIS_METRICS_PORT): '0' (expected: a whole number 1-65535)");
        // Without files the waypoint gets its identity from the control plane; a partial set is a mistake.
        assertThat(WaypointConfig.parse(List.of(), Map.of()).identityFromFiles()).isFalse();
        assertThatThrownBy(() -> WaypointConfig.parse(List.of("--cert-chain", "/c.pem"), Map.of()))
                .hasMessageContaining("--cert-chain, --key and --trust-bundle go together");
        assertThatThrownBy(() -> WaypointConfig.parse(List.of("--bogus", "1"), FILES))
                .hasMessageStartingWith("--bogus (TRELLIS_BOGUS): '--bogus' (expected: one of the known flags [");
    }
}
