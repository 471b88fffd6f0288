package dev.trellis.controlplane.discovery;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code trellis_discovery_pushes_total{type="full|delta"}}, {@code trellis_discovery_nacks_total} and
 * {@code trellis_discovery_connected_proxies}.
 */
final class DiscoveryServerMetrics {
    private final Counter pushes;
    private final Counter nacks;

    DiscoveryServerMetrics(PrometheusRegistry registry, ConnectedProxies proxies) {
        pushes = Counter.builder().name("trellis_discovery_pushes_total")
                .help("Discovery responses sent to proxies, full or delta.").labelNames("type").register(registry);
        nacks = Counter.builder().name("trellis_discovery_nacks_total")
                .help("Discovery responses that a proxy refused (it keeps serving its last good version).")
                .register(registry);
        GaugeWithCallback.builder().name("trellis_discovery_connected_proxies")
                .help("Proxies with an open discovery stream.")
                .callback(cb -> cb.call(proxies.count())).register(registry);
    }

    void pushed(boolean full) {
        pushes.labelValues(full ? "full" : "delta").inc();
    }

    void refused() {
        nacks.inc();
    }
}
