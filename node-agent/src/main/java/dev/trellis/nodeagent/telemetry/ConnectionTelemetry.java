package dev.trellis.nodeagent.telemetry;

import dev.trellis.core.accesslog.AccessLog;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the telemetry of carried connections: each {@link #open} counts an opened connection and returns
 * the handle that records the rest when the connection ends. Thread-safe; nothing here blocks.
 */
public final class ConnectionTelemetry {

    private final ConnectionMetrics metrics;
    private final AccessLog accessLog;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionTelemetry(ConnectionMetrics metrics, AccessLog accessLog, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Counts a connection as opened.
     *
     * @param source the caller's address
     * @param destination the address the caller asked for
     */
    public TrackedConnection open(ConnectionLabels labels, InetSocketAddress source, InetSocketAddress destination) {
        metrics.opened(labels);
        open.incrementAndGet();
        return new TrackedConnection(labels, source, destination, clock, metrics, accessLog, open::decrementAndGet);
    }

    /** Connections opened and not closed yet: what a stopping node-agent waits for. */
    public int openConnections() {
        return open.get();
    }
}
