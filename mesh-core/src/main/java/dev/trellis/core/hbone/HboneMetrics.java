package dev.trellis.core.hbone;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The tunnel's counters, registered on the registry the process serves on {@code /metrics}. */
public final class HboneMetrics {

    private final Counter rejected;
    private final Counter streams;

    public HboneMetrics(PrometheusRegistry registry) {
        rejected = Counter.builder().name("trellis_hbone_rejected_total")
                .help("HBONE connections and streams the server refused, by reason")
                .labelNames("reason").register(registry);
        streams = Counter.builder().name("trellis_hbone_streams_accepted_total")
                .help("HBONE streams the server accepted (answered 200)").register(registry);
    }

    /** Counters on a registry of their own, for tools and tests that do not export metrics. */
    public static HboneMetrics unregistered() {
        return new HboneMetrics(new PrometheusRegistry());
    }

    public void rejected(HboneRejection reason) {
        rejected.labelValues(reason.label()).inc();
    }

    public void accepted() {
        streams.inc();
    }

    /** How many times {@code reason} was counted (for tests and the admin API). */
    public long rejectedCount(HboneRejection reason) {
        return (long) rejected.labelValues(reason.label()).get();
    }

    public long acceptedCount() {
        return (long) streams.get();
    }
}
