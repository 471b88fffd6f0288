package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.Workload;
import dev.trellis.waypoint.resilience.OutlierDetector;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Request telemetry: {@code trellis_requests_total} and {@code trellis_request_duration_seconds}, labelled by
 * source workload and namespace, destination service and response code; and what resilience did: retries
 * ({@code trellis_upstream_retries_total}), retries the budget refused, outlier ejections.
 */
public final class RequestMetrics {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RequestMetrics.class);

    private static final String[] LABELS =
            {"source_workload", "source_namespace", "destination_service", "response_code"};

    private final Counter requests;
    private final Histogram duration;
    private final Counter retries;
    private final Counter budgetExhausted;
    private final Counter ejections;
    private final Counter rateLimited;
    private final Counter faults;

    public RequestMetrics(PrometheusRegistry registry) {
        this.requests = Counter.builder().name("trellis_requests_total")
                .help("HTTP and gRPC requests handled by the waypoint").labelNames(LABELS).register(registry);
        this.duration = Histogram.builder().name("trellis_request_duration_seconds")
                .help("Time from the whole request to the whole response").labelNames(LABELS)
                .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        this.retries = Counter.builder().name("trellis_upstream_retries_total")
                .help("Upstream tries retried, by destination and what the retried try came to")
                .labelNames("destination_service", "reason").register(registry);
        this.budgetExhausted = Counter.builder().name("trellis_upstream_retry_budget_exhausted_total")
                .help("Retries not made because the destination's retry budget was used up")
                .labelNames("destination_service").register(registry);
        this.ejections = Counter.builder().name("trellis_outlier_ejections_total")
                .help("Endpoints ejected by outlier detection").labelNames("destination_service", "endpoint")
                .register(registry);
        this.rateLimited = Counter.builder().name("trellis_rate_limited_total")
                .help("Requests answered 429 by the destination's local rate limit").labelNames("destination_service")
                .register(registry);
        this.faults = Counter.builder().name("trellis_faults_injected_total")
                .help("Requests given a fault by the destination's fault injection")
                .labelNames("destination_service", "fault").register(registry);
    }

    void rateLimited(Service service) {
        rateLimited.labelValues(service.hostname()).inc();
    }

    void faultInjected(Service service, String fault) {
        faults.labelValues(service.hostname(), fault).inc();
    }

    /** The retry counts for one destination and reason (tests and the admin API). */
    public long retries(String destinationService, String reason) {
        return (long) retries.labelValues(destinationService, reason).get();
    }

    void retried(Service service, String reason) {
        retries.labelValues(service.hostname(), reason).inc();
    }

    void retryBudgetExhausted(Service service) {
        budgetExhausted.labelValues(service.hostname()).inc();
    }

    void ejected(OutlierDetector.Ejection ejection) {
        ejections.labelValues(ejection.service().hostname(), ejection.endpoint().getHostAddress()).inc();
        log.info("outlier detection ejects {} of {} for {} (ejection {})", ejection.endpoint().getHostAddress(),
                ejection.service().hostname(), ejection.duration(), ejection.times());
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
