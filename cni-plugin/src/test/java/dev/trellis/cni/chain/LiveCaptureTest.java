package dev.trellis.cni.chain;

import dev.trellis.cni.server.PodCapture;
import dev.trellis.cni.server.PodRef;
import dev.trellis.cni.spec.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running pod joins the mesh when its namespace is labelled and leaves when the label goes, without restart:
 * the node-agent's reconciler calls {@link PodCapture} on the pod's namespace.
 */
class LiveCaptureTest {
    private static ChainFixture fixture;

    @BeforeAll
    static void startNode() throws IOException {
        RootOnly.require();
        fixture = ChainFixture.start();
    }

    @AfterAll
    static void stopNode() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Timeout(60)
    void labellingCapturesARunningPodAndUnlabellingReleasesIt() throws Exception {
        try (TestNetns pod = TestNetns.create("pod")) {
            String args = "IgnoreUnknown=1;K8S_POD_NAMESPACE=plain;K8S_POD_NAME=running";
            Exec.Result started = fixture.chain.add("live1", pod.path(), args);
            assertThat(started.exitCode()).as(started.stdout()).isZero();
            String before = NetnsSnapshot.of(pod);
            PodRef ref = new PodRef("plain", "running", "", "live1", pod.path().toString(), ips(started.stdout()));
            PodCapture capture = fixture.podCapture();

            capture.capture(ref);
            assertThat(capture.verify(ref)).isEmpty();

            assertThat(Redirects.originalDestination(pod, 15001, List.of("nsenter", "--net=" + pod.path()),
                    "198.18.99.9")).isEqualTo("198.18.99.9:8080");

            capture.release(ref);
            assertThat(NetnsSnapshot.of(pod)).isEqualTo(before);
            assertThat(fixture.handoff.removed).anySatisfy(p -> assertThat(p.containerId()).isEqualTo("live1"));
            fixture.chain.del("live1", pod.path(), args, started.stdout());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> ips(String result) {
        return ((List<Object>) Json.parseObject(result).get("ips")).stream()
                .map(ip -> (String) ((Map<String, Object>) ip).get("address"))
                .map(a -> a.substring(0, a.indexOf('/'))).toList();
    }
}
