package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Request telemetry: {@code trellis_requests_total} and {@code trellis_request_duration_seconds}, labelled by
 * source workload and namespace, destination service and response code.
 */
public final class RequestMetrics {

    private static final String[] LABELS =
            {"source_workload", "source_namespace", "destination_service", "response_code"};

    private final Counter requests;
    private final Histogram duration;

    public RequestMetrics(PrometheusRegistry registry) {
        this.requests = Counter.builder().name("trellis_requests_total")
                .help("HTTP and gRPC requests handled by the waypoint").labelNames(LABELS).register(registry);
        this.duration = Histogram.builder().name("trellis_request_duration_seconds")
                .help("Time from the whole request to the whole response").labelNames(LABELS)
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    void record(ConnectionContext context, MeshSnapshot mesh, int status, long nanos) {
        String workload = context.caller().address().flatMap(mesh::workloadAt).map(Workload::name).orElse("unknown");
        String[] values = {workload, context.caller().namespace(), context.service().hostname(), Integer.toString(status)};
        requests.labelValues(values).inc();
        duration.labelValues(values).observe(nanos / 1e9);
    }

    /** The count for one label set (tests and the admin API). */
    public long count(String sourceWorkload, String sourceNamespace, String destinationService, int status) {
        return (long) requests.labelValues(sourceWorkload, sourceNamespace, destinationService,
                Integer.toString(status)).get();
    }
}
