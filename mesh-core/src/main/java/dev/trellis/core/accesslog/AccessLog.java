package dev.trellis.core.accesslog;

import dev.trellis.core.admin.Json;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access-log lines: one JSON object per line at INFO on the logger {@value #LOGGER_NAME}. Turn the
 * log off by setting that logger to {@code off} (at run time through {@code /logging}). Thread-safe; the
 * JSON is built only when the logger is enabled.
 */
public final class AccessLog {

    /** The dedicated logger's name. */
    public static final String LOGGER_NAME = "trellis.access";

    private final Logger logger;

    private AccessLog(Logger logger) {
        this.logger = logger;
    }

    /** The access log on {@value #LOGGER_NAME}. */
    public static AccessLog create() {
        return new AccessLog(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** Logs one finished connection. */
    public void connection(ConnectionLogEntry entry) {
        if (logger.isInfoEnabled()) {
            logger.info(line(entry));
        }
    }

    /** The JSON line for {@code entry}, fields in a fixed order. */
    public static String line(ConnectionLogEntry e) {
        ConnectionLabels l = e.labels();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", "connection");
        f.put("start", e.start());
        f.put("duration_ms", e.duration().toMillis());
        f.put("reporter", l.reporter().label());
        f.put("source_address", Json.hostPort(e.sourceAddress()));
        f.put("source_workload", l.sourceWorkload());
        f.put("source_namespace", l.sourceWorkloadNamespace());
        f.put("source_principal", l.sourcePrincipal());
        f.put("destination_address", Json.hostPort(e.destinationAddress()));
        f.put("destination_service", l.destinationService());
        f.put("destination_workload", l.destinationWorkload());
        f.put("destination_namespace", l.destinationWorkloadNamespace());
        f.put("destination_principal", l.destinationPrincipal());
        f.put("upstream_address", e.upstreamAddress().map(Json::hostPort).orElse(null));
        f.put("connection_security_policy", l.securityPolicy().label());
        f.put("bytes_sent", e.sentBytes());
        f.put("bytes_received", e.receivedBytes());
        f.put("result", e.responseFlags().equals(ConnectionMetrics.NO_FLAGS) ? "ok" : "failed");
        f.put("response_flags", e.responseFlags());
        f.put("error", e.error().orElse(null));
        return Json.write(f);
    }
}
