package dev.trellis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("drain-seconds", "30");
        d.put("grpc-listen", "0.0.0.0:15010");
        d.put("cert-ttl", "24h");
        d.put("node-name", null);
        return d;
    }

    @Test
    void aFlagWinsOverItsVariableWhichWinsOverTheDefault() {
        Settings s = Settings.read(DEFAULTS, List.of("--drain-seconds", "5"),
                Map.of("TRELLIS_DRAIN_SECONDS", "7", "TRELLIS_CERT_TTL", "2h"));
        assertThat(s.seconds("drain-seconds", 3600)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.duration("cert-ttl")).isEqualTo(Duration.ofHours(2));
        assertThat(s.hostPort("grpc-listen").getPort()).isEqualTo(15010);
        assertThat(Settings.read(DEFAULTS, List.of("--grpc-listen=[fd00:7472::1]:9000"), Map.of())
                .hostPort("grpc-listen").getHostString()).isEqualTo("fd00:7472::1");
    }

    @Test
    void badValuesNameTheFlagTheVariableTheValueAndWhatWasExpected() {
        Settings s = Settings.read(DEFAULTS, List.of(), Map.of("TRELLIS_DRAIN_SECONDS", "3O", "TRELLIS_CERT_TTL", "-1h"));
        assertThatThrownBy(() -> s.seconds("drain-seconds", 3600))
                .hasMessage("--drain-seconds (TRELLIS_DRAIN_SECONDS): '3O' (expected: whole seconds, 0..3600)");
        assertThatThrownBy(() -> s.duration("cert-ttl")).hasMessageContaining("'-1h'")
                .hasMessageContaining("positive duration");
        assertThatThrownBy(() -> s.string("node-name", "the node this agent serves"))
                .hasMessageContaining("TRELLIS_NODE_NAME").hasMessageContaining("required");
        assertThatThrownBy(() -> Settings.read(DEFAULTS, List.of("--grpc-listen", "nowhere"), Map.of())
                .hostPort("grpc-listen")).hasMessageContaining("'nowhere'");
    }

    @Test
    void unknownFlagsFailAndUnknownVariablesAreReportedWithAHint() {
        assertThatThrownBy(() -> Settings.read(DEFAULTS, List.of("--drain", "5"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--drain (TRELLIS_DRAIN): '--drain' (expected: one of the known flags [");
        Settings s = Settings.read(DEFAULTS, List.of(), Map.of("TRELLIS_DRAIN_SECOND", "5", "TRELLIS_JAVA_OPTS", "-Xmx1g",
                "HOME", "/root"));
        assertThat(s.unknownVariables())
                .containsExactly("TRELLIS_DRAIN_SECOND (did you mean TRELLIS_DRAIN_SECONDS?)");
    }
}
