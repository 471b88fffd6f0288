package dev.trellis.nodeagent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.admin.LogbackLevels;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.lifecycle.Readiness;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionMetrics;
import dev.trellis.nodeagent.NodeAgentConfig;
import dev.trellis.core.retry.Backoff;
import dev.trellis.nodeagent.identity.WorkloadCertificates;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.state.PodListeners;
import dev.trellis.nodeagent.state.ProxyState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NodeAgentAdminTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final NodeAgentConfig config = NodeAgentConfig.parse(List.of("--node-name=node-1"), Map.of());
    private final ProxyState state = new ProxyState();
    private final WorkloadCertificates certificates = new WorkloadCertificates(id -> new CompletableFuture<>(),
            Clock.systemUTC(), (delay, task) -> () -> { }, Backoff.DEFAULT);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Readiness readiness = new Readiness();
    private NodeAgentAdmin admin;

    @BeforeEach
    void start() {
        admin = NodeAgentAdmin.start(new NodeAgentAdmin.Bindings(ANY, ANY, ANY), config, state, certificates,
                registry, readiness, LogbackLevels.ofRunningContext());
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void adminApiShowsConfigPodsAndCertificates() throws Exception {
        state.addPod(new LocalPod("uid-1", "shop", "web-1", Path.of("/var/run/netns/web-1"), Instant.EPOCH,
                PodListeners.NONE));
        certificates.acquire("uid-1", SpiffeId.of("shop", "web"));
        int port = admin.servers().get(0).port();

        assertThat(get(port, "/pods").body()).startsWith("{\"shop/web-1\":{\"uid\":\"uid-1\"");
        assertThat(get(port, "/certificates").body())
                .contains("\"spiffe://cluster.local/ns/shop/sa/web\":{\"pods\":[\"uid-1\"],\"state\":\"requesting\"");
        String dump = get(port, "/config_dump").body();
        assertThat(dump).startsWith("{\"config\":{\"nodeName\":\"node-1\","
                + "\"controlPlane\":\"trellis-control-plane.trellis-system.svc:15010\"");
        assertThat(dump).contains("\"state\":{\"version\":\"\"").contains("\"certificates\":{\"spiffe://");
        assertThat(get(port, "/config_dump?section=config").body()).doesNotContain("\"state\"");
    }

    @Test
    void loggingLevelChangesThroughTheAdminApi() throws Exception {
        int port = admin.servers().get(0).port();
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/logging?logger=dev.trellis.nodeagent.admin.probe&level=trace"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(LoggerFactory.getLogger("dev.trellis.nodeagent.admin.probe").isTraceEnabled()).isTrue();
    }

    @Test
    void metricsAndReadinessAreServedOnTheirOwnPorts() throws Exception {
        new ConnectionMetrics(registry).opened(new ConnectionLabels(ConnectionLabels.Reporter.SOURCE, "web", "shop",
                null, null, null, null, null, ConnectionLabels.SecurityPolicy.NONE));
        int metrics = admin.servers().get(1).port();
        int ready = admin.servers().get(2).port();

        assertThat(get(metrics, "/metrics").body()).contains("trellis_tcp_connections_opened_total{");
        assertThat(get(metrics, "/pods").statusCode()).isEqualTo(404);
        Readiness.Blocker blocker = readiness.block("discovery: first snapshot");
        assertThat(get(ready, "/healthz/ready").statusCode()).isEqualTo(503);
        blocker.close();
        assertThat(get(ready, "/healthz/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aTakenPortClosesTheServersAlreadyStarted() {
        InetSocketAddress taken = admin.servers().get(0).address();
        assertThatThrownBy(() -> NodeAgentAdmin.start(new NodeAgentAdmin.Bindings(ANY, taken, ANY), config, state,
                certificates, registry, readiness, LogbackLevels.ofRunningContext()))
                .hasMessageContaining("metrics server: cannot listen on 127.0.0.1:" + taken.getPort());
    }

    @Test
    void bindingsFollowTheConfiguredPortsWithAdminOnLoopbackOnly() {
        NodeAgentAdmin.Bindings b = NodeAgentAdmin.Bindings.of(config.ports());
        assertThat(b.admin().getAddress().isLoopbackAddress()).isTrue();
        assertThat(b.admin().getPort()).isEqualTo(15000);
        assertThat(b.metrics().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(b.metrics().getPort()).isEqualTo(15020);
        assertThat(b.readiness().getPort()).isEqualTo(15021);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
