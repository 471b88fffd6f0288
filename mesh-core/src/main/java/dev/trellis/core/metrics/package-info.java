/**
 * Prometheus metrics shared by the proxies: {@link dev.trellis.core.metrics.MetricsEndpoint} serves a
 * registry as text exposition on {@code /metrics}; {@link dev.trellis.core.metrics.ConnectionMetrics}
 * records the {@code trellis_tcp_*} connection metrics with {@link dev.trellis.core.metrics.ConnectionLabels}.
 */
package dev.trellis.core.metrics;
