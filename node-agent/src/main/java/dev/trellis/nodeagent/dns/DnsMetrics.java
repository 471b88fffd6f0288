package dev.trellis.nodeagent.dns;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code trellis_dns_requests_total{result}}: answered (a mesh service name), forwarded (answered by the
 * upstream), failed (SERVFAIL: upstream silent or unreachable), malformed (dropped).
 */
public final class DnsMetrics {
    private final Counter requests;

    public DnsMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("trellis_dns_requests_total")
                .help("DNS queries from captured pods, by how the node-agent's DNS proxy handled them.")
                .labelNames("result").register(registry);
    }

    void answered() {
        requests.labelValues("answered").inc();
    }

    void forwarded() {
        requests.labelValues("forwarded").inc();
    }

    void failed() {
        requests.labelValues("failed").inc();
    }

    void malformed() {
        requests.labelValues("malformed").inc();
    }
}
