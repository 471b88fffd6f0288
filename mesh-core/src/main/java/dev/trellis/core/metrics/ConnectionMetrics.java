package dev.trellis.core.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The four TCP connection metrics, one series per label set:
 * {@code trellis_tcp_connections_opened_total}, {@code trellis_tcp_connections_closed_total},
 * {@code trellis_tcp_sent_bytes_total} (bytes from the caller towards the callee) and
 * {@code trellis_tcp_received_bytes_total} (bytes from the callee back to the caller).
 *
 * <p>An opened connection is counted with {@code response_flags="-"} (its outcome is not known yet); bytes
 * and the close are counted when the connection ends, with the flags of how it ended. Thread-safe and
 * lock-free (Prometheus counters), so event loops may call it.
 */
public final class ConnectionMetrics {

    /** {@code response_flags} of a connection that ended normally, or has not ended. */
    public static final String NO_FLAGS = "-";

    static final String[] LABEL_NAMES = {"reporter", "source_workload", "source_workload_namespace",
        "source_principal", "destination_workload", "destination_workload_namespace", "destination_principal",
        "destination_service", "connection_security_policy", "response_flags"};

    private final Counter opened;
    private final Counter closed;
    private final Counter sent;
    private final Counter received;

    /** Registers the four counters with {@code registry}; create one instance per registry. */
    public ConnectionMetrics(PrometheusRegistry registry) {
        opened = counter("trellis_tcp_connections_opened_total", "TCP connections opened.", registry);
        closed = counter("trellis_tcp_connections_closed_total", "TCP connections closed.", registry);
        sent = counter("trellis_tcp_sent_bytes_total",
                "Bytes sent from the caller towards the callee on TCP connections.", registry);
        received = counter("trellis_tcp_received_bytes_total",
                "Bytes received by the caller from the callee on TCP connections.", registry);
    }

    /** Counts a connection that was accepted and is about to be carried. */
    public void opened(ConnectionLabels labels) {
        opened.labelValues(labels.values(NO_FLAGS)).inc();
    }

    /**
     * Counts a connection's end with its bytes.
     *
     * @param responseFlags how it ended ({@link #NO_FLAGS} for a normal end), e.g. {@code UF} or {@code DENY}
     * @param sentBytes bytes from the caller towards the callee
     * @param receivedBytes bytes from the callee back to the caller
     */
    public void closed(ConnectionLabels labels, String responseFlags, long sentBytes, long receivedBytes) {
        String[] values = labels.values(responseFlags);
        closed.labelValues(values).inc();
        sent.labelValues(values).inc(sentBytes);
        received.labelValues(values).inc(receivedBytes);
    }

    private static Counter counter(String name, String help, PrometheusRegistry registry) {
        return Counter.builder().name(name).help(help).labelNames(LABEL_NAMES).register(registry);
    }
}
