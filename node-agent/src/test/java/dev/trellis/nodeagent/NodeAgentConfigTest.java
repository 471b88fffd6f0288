package dev.trellis.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeAgentConfigTest {

    @Test
    void defaultsNeedOnlyTheNodeName() {
        NodeAgentConfig config = NodeAgentConfig.parse(List.of("--node-name", "node-1"), Map.of());

        assertThat(config.nodeName()).isEqualTo("node-1");
        assertThat(config.controlPlane().getHostString()).isEqualTo("trellis-control-plane.trellis-system.svc");
        assertThat(config.controlPlane().getPort()).isEqualTo(15010);
        assertThat(config.controlPlane().isUnresolved()).isTrue();
        assertThat(config.trustDomain()).isEqualTo("cluster.local");
        assertThat(config.rootNamespace()).isEqualTo("trellis-system");
        assertThat(config.cniSocket()).isEqualTo(Path.of("/var/run/trellis/cni.sock"));
        assertThat(config.drain()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.ports()).isEqualTo(NodeAgentConfig.Ports.DEFAULT);
        assertThat(config.ports().inPod()).containsExactlyInAnyOrder(15001, 15006, 15008);
    }

    @Test
    void flagWinsOverEnvironmentWhichWinsOverDefault() {
        Map<String, String> env = Map.of("TRELLIS_NODE_NAME", "from-env", "TRELLIS_TRUST_DOMAIN", "env.example",
                "TRELLIS_DRAIN_SECONDS", "5", "TRELLIS_CONTROL_PLANE_ADDRESS", "[fd00:7472::1]:15010", "PATH", "/bin");

        NodeAgentConfig config = NodeAgentConfig.parse(
                List.of("--trust-domain=flag.example", "--admin-port", "16000"), env);

        assertThat(config.nodeName()).isEqualTo("from-env");
        assertThat(config.trustDomain()).isEqualTo("flag.example");
        assertThat(config.drain()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.controlPlane().getHostString()).isEqualTo("fd00:7472::1");
        assertThat(config.ports().admin()).isEqualTo(16000);
        assertThat(config.ports().hbone()).isEqualTo(15008);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--node-name=                 | --node-name (TRELLIS_NODE_NAME): '' (expected: the Kubernetes node name",
        "--node-name=n --bogus=1      | --bogus (TRELLIS_BOGUS): '--bogus=1' (expected: one of the known flags",
        "--node-name=n --hbone-port=0 | --hbone-port (TRELLIS_HBONE_PORT): '0' (expected: a port number 1-65535)",
        "--node-name=n --drain-seconds=soon | --drain-seconds (TRELLIS_DRAIN_SECONDS): 'soon' (expected: a whole number)",
        "--node-name=n --drain-seconds=-1 | --drain-seconds (TRELLIS_DRAIN_SECONDS): '-1' (expected: a whole number of seconds >= 0)",
        "--node-name=n --trust-domain=Bad! | --trust-domain (TRELLIS_TRUST_DOMAIN): 'Bad!' (expected: a SPIFFE trust domain",
        "--node-name=n --control-plane-address=cp | --control-plane-address (TRELLIS_CONTROL_PLANE_ADDRESS): 'cp' (expected: host:port",
        "--node-name=n --root-namespace=Root | --root-namespace (TRELLIS_ROOT_NAMESPACE): 'Root' (expected: a Kubernetes namespace name)",
        "--node-name                  | --node-name (TRELLIS_NODE_NAME): '' (expected: a value after --node-name)",
        "node-1                       | argument 'node-1' (expected: a flag --name value; known flags: [node-name,",
    })
    void badValuesAreNamedWithWhatWasExpected(String args, String message) {
        assertThatThrownBy(() -> NodeAgentConfig.parse(List.of(args.split(" ")), Map.of()))
                .isInstanceOf(NodeAgentConfig.ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void portsMustDiffer() {
        assertThatThrownBy(() -> NodeAgentConfig.parse(List.of("--node-name=n", "--metrics-port=15021"), Map.of()))
                .hasMessageContaining("expected: six different ports");
    }
}
