package dev.trellis.nodeagent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trellis.core.accesslog.AccessLog;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionMetrics;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.NodeAgentConfig;
import dev.trellis.nodeagent.outbound.OutboundPlan;
import dev.trellis.nodeagent.outbound.OutboundPlanner;
import dev.trellis.nodeagent.outbound.Route;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionTelemetryTest {

    private static final Workload WEB = new Workload("uid-web", "web-7d9f-abc", "shop", SpiffeId.of("shop", "web"),
            "node-1", List.of(InetAddress.ofLiteral("198.18.1.10")), true, Optional.empty(), Map.of("app", "web"),
            Workload.WorkloadStatus.HEALTHY);
    private static final Workload DB = new Workload("uid-db", "db-0", "data", SpiffeId.of("data", "db"),
            "node-2", List.of(InetAddress.ofLiteral("198.18.3.10")), true, Optional.empty(), Map.of(),
            Workload.WorkloadStatus.HEALTHY);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ConnectionTelemetry telemetry =
            new ConnectionTelemetry(new ConnectionMetrics(registry), AccessLog.create(), clock);
    private final Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        accessLogger.addAppender(lines);
        accessLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        accessLogger.detachAppender(lines);
        accessLogger.setLevel(null);
    }

    @Test
    void outboundServiceConnectionIsCountedAndLoggedOnce() throws Exception {
        Service db = new Service(new ServiceKey("data", "db"), "db.data.svc.cluster.local",
                List.of(InetAddress.ofLiteral("198.19.0.2")), List.of(new ServicePort("tcp", 5432, 5432,
                Optional.empty())), List.of(new Endpoint(DB.uid(), DB.addresses().getFirst(), true)),
                Optional.empty(), TrafficPolicy.DEFAULT);
        MeshSnapshot snapshot = MeshSnapshot.of("1", Map.of(WEB.uid(), WEB, DB.uid(), DB), Map.of(db.key(), db),
                List.of(), List.of());
        InetSocketAddress vip = new InetSocketAddress(InetAddress.ofLiteral("198.19.0.2"), 5432);
        OutboundPlan plan = OutboundPlanner.create(NodeAgentConfig.Ports.DEFAULT, new SplittableRandom(1), a -> 0)
                .plan(snapshot, WEB, vip);
        assertThat(plan.route()).isEqualTo(Route.SERVICE);
        ConnectionLabels labels = TelemetryLabels.outbound(WEB, plan, plan.upstreams().getFirst());

        TrackedConnection c = telemetry.open(labels, new InetSocketAddress(WEB.addresses().getFirst(), 40000), vip);
        c.upstream(plan.upstreams().getFirst().address());
        Thread other = Thread.ofPlatform().start(() -> c.received(700));
        c.sent(100);
        c.sent(23);
        other.join();
        clock.advance(Duration.ofMillis(2500));
        assertThat(c.close(ResponseFlag.NONE, Optional.empty())).isTrue();
        assertThat(c.close(ResponseFlag.UPSTREAM_RESET, Optional.of("late"))).isFalse();

        String series = "{connection_security_policy=\"mutual_tls\","
                + "destination_principal=\"spiffe://cluster.local/ns/data/sa/db\","
                + "destination_service=\"db.data.svc.cluster.local\",destination_workload=\"db-0\","
                + "destination_workload_namespace=\"data\",reporter=\"source\",response_flags=\"-\","
                + "source_principal=\"spiffe://cluster.local/ns/shop/sa/web\",source_workload=\"web\","
                + "source_workload_namespace=\"shop\"}";
        String text = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
        assertThat(text).contains("trellis_tcp_connections_opened_total" + series + " 1.0\n")
                .contains("trellis_tcp_connections_closed_total" + series + " 1.0\n")
                .contains("trellis_tcp_sent_bytes_total" + series + " 123.0\n")
                .contains("trellis_tcp_received_bytes_total" + series + " 700.0\n")
                .doesNotContain("response_flags=\"UC\"");
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.getFirst().getFormattedMessage())
                .contains("\"start\":\"2026-03-01T10:00:00Z\",\"duration_ms\":2500")
                .contains("\"source_address\":\"198.18.1.10:40000\"")
                .contains("\"destination_address\":\"198.19.0.2:5432\"")
                .contains("\"upstream_address\":\"198.18.3.10:15008\"")
                .contains("\"bytes_sent\":123,\"bytes_received\":700,\"result\":\"ok\",\"response_flags\":\"-\"");
    }

    @Test
    void plaintextInboundFailureCarriesItsFlagAndError() {
        ConnectionLabels labels = TelemetryLabels.inbound(Optional.empty(), Optional.empty(), DB, Optional.empty());
        TrackedConnection c = telemetry.open(labels, new InetSocketAddress(InetAddress.ofLiteral("198.18.9.9"), 5555),
                new InetSocketAddress(DB.addresses().getFirst(), 5432));
        c.close(ResponseFlag.DENIED, Optional.of("denied by policy data/require-mtls"));

        String text = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
        assertThat(text).contains("trellis_tcp_connections_closed_total{connection_security_policy=\"none\","
                + "destination_principal=\"spiffe://cluster.local/ns/data/sa/db\",destination_service=\"unknown\","
                + "destination_workload=\"db-0\",destination_workload_namespace=\"data\",reporter=\"destination\","
                + "response_flags=\"RBAC\",source_principal=\"unknown\",source_workload=\"unknown\","
                + "source_workload_namespace=\"unknown\"} 1.0");
        assertThat(lines.list.getFirst().getFormattedMessage())
                .contains("\"upstream_address\":null")
                .contains("\"result\":\"failed\",\"response_flags\":\"RBAC\","
                        + "\"error\":\"denied by policy data/require-mtls\"}");
    }

    @Test
    void inboundOverMtlsTakesTheNamespaceFromThePeerIdentity() {
        ConnectionLabels labels = TelemetryLabels.inbound(Optional.of(WEB.identity()), Optional.of(WEB), DB,
                Optional.of("db.data.svc.cluster.local"));
        assertThat(labels.securityPolicy()).isEqualTo(ConnectionLabels.SecurityPolicy.MUTUAL_TLS);
        assertThat(labels.sourceWorkload()).isEqualTo("web");
        assertThat(labels.sourceWorkloadNamespace()).isEqualTo("shop");
        assertThat(labels.reporter()).isEqualTo(ConnectionLabels.Reporter.DESTINATION);
    }

    @Test
    void refusedRoutesMapToTheirFlags() {
        assertThat(ResponseFlag.of(Route.LOOP).label()).isEqualTo("NR");
        assertThat(ResponseFlag.of(Route.NO_SUCH_PORT).label()).isEqualTo("NR");
        assertThat(ResponseFlag.of(Route.NO_HEALTHY_UPSTREAM).label()).isEqualTo("UH");
        assertThatThrownBy(() -> ResponseFlag.of(Route.SERVICE)).hasMessage("route SERVICE is not a refusal");
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
