package dev.trellis.controlplane.ca;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** {@code trellis_ca_certificates_issued_total} and {@code trellis_ca_certificates_refused_total{reason}}. */
final class CertificateMetrics {
    private final Counter issued;
    private final Counter rejected;

    CertificateMetrics(PrometheusRegistry registry) {
        issued = Counter.builder().name("trellis_ca_certificates_issued_total")
                .help("Workload certificates the CA signed.").register(registry);
        rejected = Counter.builder().name("trellis_ca_certificates_refused_total")
                .help("Certificate requests refused, by reason (unauthenticated, not_on_node, malformed, signature, "
                        + "key, san, ttl, identity).").labelNames("reason").register(registry);
    }

    void issued() {
        issued.inc();
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }
}
