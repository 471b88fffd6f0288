package dev.trellis.core.metrics;

import dev.trellis.core.admin.AdminEndpoint;
import dev.trellis.core.admin.AdminRequest;
import dev.trellis.core.admin.AdminResponse;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** {@code /metrics}: the registry in Prometheus text exposition format 0.0.4. */
public final class MetricsEndpoint implements AdminEndpoint {

    /** The path Prometheus scrapes. */
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer =
            PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();

    public MetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public AdminResponse handle(AdminRequest request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return new AdminResponse(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }
}
