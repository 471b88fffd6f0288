package dev.trellis.waypoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.Pem;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.testing.ca.TestCa;
import dev.trellis.waypoint.state.WaypointState;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real main wiring on free ports and checks readiness, metrics and the admin config dump. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaypointMainTest {

    @Test
    void servesReadinessMetricsAndAdmin(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.root("main-test");
        WorkloadCertificate cert = ca.issue(SpiffeId.of("app", "waypoint"));
        StringBuilder chain = new StringBuilder();
        cert.chain().forEach(c -> chain.append(Pem.encode(c)));
        Files.writeString(dir.resolve("chain.pem"), chain);
        Files.writeString(dir.resolve("key.pem"), Pem.encode(cert.privateKey()));
        Files.writeString(dir.resolve("bundle.pem"), Pem.encode(ca.rootCertificate()));
        List<Integer> ports = freePorts(4);
        WaypointConfig config = WaypointConfig.parse(List.of(
                "--hbone-port", ports.get(0).toString(), "--admin-port", ports.get(1).toString(),
                "--metrics-port", ports.get(2).toString(), "--readiness-port", ports.get(3).toString(),
                "--cert-chain", dir.resolve("chain.pem").toString(), "--key", dir.resolve("key.pem").toString(),
                "--trust-bundle", dir.resolve("bundle.pem").toString()), Map.of());
        Thread main = Thread.ofVirtual().start(() -> {
            try {
                WaypointMain.run(config, new WaypointState());
            } catch (InterruptedException e) {
                // stopped by the test
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(getEventually("http://127.0.0.1:" + ports.get(3) + "/healthz/ready").statusCode()).isEqualTo(200);
            assertThat(getEventually("http://127.0.0.1:" + ports.get(2) + "/metrics").body())
                    .contains("trellis_hbone_streams_accepted_total");
            assertThat(getEventually("http://127.0.0.1:" + ports.get(1) + "/config_dump").body()).contains("routes");
        } finally {
            main.interrupt();
            main.join(10_000);
        }
        assertThat(main.isAlive()).isFalse();
    }

    private static HttpResponse<String> getEventually(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw last;
    }

    private static List<Integer> freePorts(int n) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }
}
