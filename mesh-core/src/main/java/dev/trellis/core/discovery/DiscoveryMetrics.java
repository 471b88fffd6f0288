package dev.trellis.core.discovery;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code trellis_discovery_responses_total{result="ack|nack"}} and {@code trellis_discovery_connected}: whether
 * this proxy's configuration is current and how often it refused one.
 */
public final class DiscoveryMetrics {
    private final Counter responses;
    private final Gauge connected;

    public DiscoveryMetrics(PrometheusRegistry registry) {
        responses = Counter.builder().name("trellis_discovery_responses_total")
                .help("Discovery responses received, by whether this proxy applied (ack) or refused (nack) them.")
                .labelNames("result").register(registry);
        connected = Gauge.builder().name("trellis_discovery_connected")
                .help("1 while the discovery stream to the control plane is up, else 0.").register(registry);
    }

    void accepted() {
        responses.labelValues("ack").inc();
    }

    void refused() {
        responses.labelValues("nack").inc();
    }

    void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }
}
