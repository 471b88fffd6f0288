package dev.trellis.ctl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LabWorkloadsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aPodRunsItsFirstContainersCommandAndArgsWithItsEnvOnItsNode() {
        var pod = JSON.readTree("""
                {"metadata":{"namespace":"demo","name":"echo","uid":"u-1"},
                 "spec":{"nodeName":"node-2","containers":[{"command":["meshctl","sample","echo"],
                   "args":["--port","8080"],"env":[{"name":"VERSION","value":"v2"}]}]}}""");
        PodRuntime.PodSpec spec = LabWorkloads.spec(pod, 3, 0);
        assertThat(spec.node()).isEqualTo(2);
        assertThat(spec.uid()).isEqualTo("u-1");
        assertThat(spec.command()).containsExactly("meshctl", "sample", "echo", "--port", "8080");
        assertThat(spec.env()).isEqualTo(Map.of("VERSION", "v2"));
    }

    @Test
    void unscheduledPodsGoRoundRobinAndBadNodesOrMissingCommandsAreRefusedByName() {
        var unscheduled = JSON.readTree("""
                {"metadata":{"namespace":"demo","name":"a"},"spec":{"containers":[{"command":["sleep","1"]}]}}""");
        assertThat(LabWorkloads.spec(unscheduled, 2, 0).node()).isEqualTo(1);
        assertThat(LabWorkloads.spec(unscheduled, 2, 1).node()).isEqualTo(2);
        assertThat(LabWorkloads.spec(unscheduled, 2, 2).node()).isEqualTo(1);
        assertThatThrownBy(() -> LabWorkloads.spec(JSON.readTree("""
                {"metadata":{"namespace":"demo","name":"a"},"spec":{"nodeName":"node-9",
                 "containers":[{"command":["sleep"]}]}}"""), 2, 0))
                .hasMessageContaining("Pod demo/a: spec.nodeName: 'node-9'");
        assertThatThrownBy(() -> LabWorkloads.spec(JSON.readTree("""
                {"metadata":{"namespace":"demo","name":"a"},"spec":{"containers":[{"image":"nginx"}]}}"""), 2, 0))
                .hasMessageContaining("Pod demo/a: spec.containers[0]: needs a command");
    }

    @Test
    void hostsLinesGiveShortNamesOnlyInThePodsOwnNamespace() {
        var services = List.of(new LabWorkloads.ServiceAddress("demo", "echo", "198.19.0.10"),
                new LabWorkloads.ServiceAddress("shop", "cart", "198.19.0.11"));
        assertThat(LabWorkloads.hostsLines(services, "demo")).containsExactly(
                "198.19.0.10 echo.demo.svc.cluster.local echo.demo echo",
                "198.19.0.11 cart.shop.svc.cluster.local cart.shop");
    }
}
