package dev.trellis.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.admin.AdminHttp;
import dev.trellis.core.admin.AdminServer;
import dev.trellis.core.metrics.ConnectionLabels.Reporter;
import dev.trellis.core.metrics.ConnectionLabels.SecurityPolicy;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ConnectionMetricsTest {

    private static final ConnectionLabels LABELS = new ConnectionLabels(Reporter.SOURCE, "web", "shop",
            "spiffe://cluster.local/ns/shop/sa/web", "db", "data", "spiffe://cluster.local/ns/data/sa/db",
            "db.data.svc.cluster.local", SecurityPolicy.MUTUAL_TLS);

    private static final String SERIES = "connection_security_policy=\"mutual_tls\","
            + "destination_principal=\"spiffe://cluster.local/ns/data/sa/db\","
            + "destination_service=\"db.data.svc.cluster.local\",destination_workload=\"db\","
            + "destination_workload_namespace=\"data\",reporter=\"source\",response_flags=\"%s\","
            + "source_principal=\"spiffe://cluster.local/ns/shop/sa/web\",source_workload=\"web\","
            + "source_workload_namespace=\"shop\"";

    @Test
    void metricsEndpointServesTheFourCountersAsTextExposition() {
        PrometheusRegistry registry = new PrometheusRegistry();
        ConnectionMetrics metrics = new ConnectionMetrics(registry);
        metrics.opened(LABELS);
        metrics.opened(LABELS);
        metrics.closed(LABELS, ConnectionMetrics.NO_FLAGS, 1200, 34);
        metrics.closed(LABELS, "UF", 0, 0);

        try (AdminServer server = AdminServer.builder("metrics",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .endpoint(MetricsEndpoint.PATH, new MetricsEndpoint(registry)).start()) {
            HttpResponse<String> response = AdminHttp.get(server.port(), "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
            String body = response.body();
            assertThat(body).contains("# TYPE trellis_tcp_connections_opened_total counter\n");
            assertThat(body).contains("trellis_tcp_connections_opened_total{" + SERIES.formatted("-") + "} 2.0\n");
            assertThat(body).contains("trellis_tcp_connections_closed_total{" + SERIES.formatted("-") + "} 1.0\n");
            assertThat(body).contains("trellis_tcp_connections_closed_total{" + SERIES.formatted("UF") + "} 1.0\n");
            assertThat(body).contains("trellis_tcp_sent_bytes_total{" + SERIES.formatted("-") + "} 1200.0\n");
            assertThat(body).contains("trellis_tcp_received_bytes_total{" + SERIES.formatted("-") + "} 34.0\n");
            assertThat(body).contains("trellis_tcp_sent_bytes_total{" + SERIES.formatted("UF") + "} 0.0\n");
        }
    }

    @Test
    void missingValuesBecomeUnknown() {
        ConnectionLabels labels = new ConnectionLabels(Reporter.DESTINATION, null, "", null, "db", "data",
                null, null, SecurityPolicy.NONE);
        assertThat(labels.sourceWorkload()).isEqualTo("unknown");
        assertThat(labels.sourceWorkloadNamespace()).isEqualTo("unknown");
        assertThat(labels.destinationService()).isEqualTo("unknown");
        assertThat(labels.values("-")).containsExactly("destination", "unknown", "unknown", "unknown", "db",
                "data", "unknown", "unknown", "none", "-");
    }
}
