package dev.trellis.nodeagent.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trellis.core.accesslog.AccessLog;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionMetrics;
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.nodeagent.passthrough.RelayFixture.Transport;
import dev.trellis.nodeagent.telemetry.ConnectionTelemetry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TelemetryRelayListenerTest {

    private static final ConnectionLabels LABELS = new ConnectionLabels(ConnectionLabels.Reporter.SOURCE, "web",
            "shop", "spiffe://cluster.local/ns/shop/sa/web", null, null, null, null,
            ConnectionLabels.SecurityPolicy.NONE);
    private static final InetSocketAddress CALLER = new InetSocketAddress(InetAddress.ofLiteral("198.18.1.10"), 1);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ConnectionTelemetry telemetry =
            new ConnectionTelemetry(new ConnectionMetrics(registry), AccessLog.create(), Clock.systemUTC());
    private final EndpointLoad load = new EndpointLoad();
    private final ExecutorService peers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        peers.shutdownNow();
    }

    @Test
    void orderlyRelayCountsBytesAndReleasesTheEndpoint() throws Exception {
        try (ServerSocket target = server(); RelayFixture relay = relay(target.getLocalPort())) {
            peers.submit(() -> {
                try (Socket s = target.accept()) {
                    s.getInputStream().readAllBytes();
                    s.getOutputStream().write("pong!".getBytes(StandardCharsets.US_ASCII));
                }
                return null;
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                assertThat(client.getInputStream().readAllBytes()).hasSize(5);
            }
            awaitClosed("-");
            assertThat(text()).contains("trellis_tcp_sent_bytes_total{" + series("-") + "} 4.0")
                    .contains("trellis_tcp_received_bytes_total{" + series("-") + "} 5.0");
            assertThat(load.active(InetAddress.getLoopbackAddress())).isZero();
        }
    }

    @Test
    void refusedConnectIsAnUpstreamConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = server()) {
            closedPort = s.getLocalPort();
        }
        try (RelayFixture relay = relay(closedPort);
                Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
            awaitClosed("UF");
            assertThat(text()).contains("trellis_tcp_connections_opened_total{" + series("-") + "} 1.0");
        }
    }

    @Test
    void aTargetResetIsAnUpstreamReset() throws Exception {
        try (ServerSocket target = server(); RelayFixture relay = relay(target.getLocalPort())) {
            peers.submit(() -> {
                try (Socket s = target.accept()) {
                    s.getInputStream().readNBytes(4);
                    s.setSoLinger(true, 0);
                }
                return null;
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                awaitClosed("UC");
            }
            assertThat(load.active(InetAddress.getLoopbackAddress())).isZero();
        }
    }

    private RelayFixture relay(int targetPort) throws InterruptedException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        Supplier<RelayListener> listeners =
                () -> new TelemetryRelayListener(telemetry.open(LABELS, CALLER, target), load);
        return new RelayFixture(Transport.EPOLL, target, listeners);
    }

    private void awaitClosed(String flags) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> text().contains("trellis_tcp_connections_closed_total{" + series(flags) + "} 1.0"));
    }

    private String text() {
        return PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
    }

    private static String series(String flags) {
        return "connection_security_policy=\"none\",destination_principal=\"unknown\","
                + "destination_service=\"unknown\",destination_workload=\"unknown\","
                + "destination_workload_namespace=\"unknown\",reporter=\"source\",response_flags=\"" + flags + "\","
                + "source_principal=\"spiffe://cluster.local/ns/shop/sa/web\",source_workload=\"web\","
                + "source_workload_namespace=\"shop\"";
    }

    private static ServerSocket server() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
