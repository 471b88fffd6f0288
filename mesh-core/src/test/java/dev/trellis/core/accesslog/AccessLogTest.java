package dev.trellis.core.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionLabels.Reporter;
import dev.trellis.core.metrics.ConnectionLabels.SecurityPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(null);
    }

    @Test
    void writesOneJsonLinePerConnectionOnTheDedicatedLogger() {
        ConnectionLabels labels = new ConnectionLabels(Reporter.SOURCE, "web", "shop",
                "spiffe://cluster.local/ns/shop/sa/web", "db", "data", "spiffe://cluster.local/ns/data/sa/db",
                "db.data.svc.cluster.local", SecurityPolicy.MUTUAL_TLS);
        ConnectionLogEntry entry = new ConnectionLogEntry(Instant.parse("2026-01-02T03:04:05.678Z"),
                Duration.ofMillis(1234), labels, address("198.18.1.10", 40000), address("198.19.0.1", 5432),
                Optional.of(address("198.18.2.20", 15008)), 100, 2000, "UF",
                Optional.of("connect \"refused\"\nby peer"));

        AccessLog.create().connection(entry);

        assertThat(appender.list).hasSize(1);
        assertThat(appender.list.getFirst().getLoggerName()).isEqualTo("trellis.access");
        assertThat(appender.list.getFirst().getFormattedMessage()).isEqualTo("{\"kind\":\"connection\","
                + "\"start\":\"2026-01-02T03:04:05.678Z\",\"duration_ms\":1234,\"reporter\":\"source\","
                + "\"source_address\":\"198.18.1.10:40000\",\"source_workload\":\"web\","
                + "\"source_namespace\":\"shop\",\"source_principal\":\"spiffe://cluster.local/ns/shop/sa/web\","
                + "\"destination_address\":\"198.19.0.1:5432\","
                + "\"destination_service\":\"db.data.svc.cluster.local\",\"destination_workload\":\"db\","
                + "\"destination_namespace\":\"data\","
                + "\"destination_principal\":\"spiffe://cluster.local/ns/data/sa/db\","
                + "\"upstream_address\":\"198.18.2.20:15008\",\"connection_security_policy\":\"mutual_tls\","
                + "\"bytes_sent\":100,\"bytes_received\":2000,\"result\":\"failed\",\"response_flags\":\"UF\","
                + "\"error\":\"connect \\\"refused\\\"\\nby peer\"}");
    }

    @Test
    void nothingIsBuiltOrWrittenWhenTheLoggerIsOff() {
        logger.setLevel(Level.OFF);
        ConnectionLabels labels = new ConnectionLabels(Reporter.DESTINATION, null, null, null, null, null, null,
                null, SecurityPolicy.NONE);
        AccessLog.create().connection(new ConnectionLogEntry(Instant.EPOCH, Duration.ZERO, labels,
                address("198.18.1.10", 1), address("198.18.1.11", 2), Optional.empty(), 0, 0, "-",
                Optional.empty()));
        assertThat(appender.list).isEmpty();
    }

    private static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }
}
