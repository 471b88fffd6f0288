package dev.trellis.nodeagent.telemetry;

import dev.trellis.core.accesslog.AccessLog;
import dev.trellis.core.accesslog.ConnectionLogEntry;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionMetrics;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One carried connection's telemetry. Bytes are added from either direction's event loop as they pass;
 * {@link #close} records the metrics and the access-log line exactly once (later calls do nothing), so every
 * path that ends a connection may call it.
 */
public final class TrackedConnection {

    private final ConnectionLabels labels;
    private final InetSocketAddress source;
    private final InetSocketAddress destination;
    private final Clock clock;
    private final ConnectionMetrics metrics;
    private final AccessLog accessLog;
    private final Instant start;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile InetSocketAddress upstream;
    private final Runnable onClosed;

    TrackedConnection(ConnectionLabels labels, InetSocketAddress source, InetSocketAddress destination, Clock clock,
            ConnectionMetrics metrics, AccessLog accessLog, Runnable onClosed) {
        this.onClosed = onClosed;
        this.labels = labels;
        this.source = source;
        this.destination = destination;
        this.clock = clock;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.start = clock.instant();
    }

    /** Where the agent connected (an endpoint, a waypoint, a tunnel), once known. */
    public void upstream(InetSocketAddress address) {
        this.upstream = address;
    }

    /** Bytes carried from the caller towards the callee. */
    public void sent(long bytes) {
        sent.add(bytes);
    }

    /** Bytes carried from the callee back to the caller. */
    public void received(long bytes) {
        received.add(bytes);
    }

    public long sentBytes() {
        return sent.sum();
    }

    public long receivedBytes() {
        return received.sum();
    }

    /**
     * Records the end.
     *
     * @param flag how it ended
     * @param error the failure's message, if it failed
     * @return false if it had already been closed
     */
    public boolean close(ResponseFlag flag, Optional<String> error) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        onClosed.run();
        long s = sent.sum();
        long r = received.sum();
        metrics.closed(labels, flag.label(), s, r);
        Duration duration = Duration.between(start, clock.instant());
        accessLog.connection(new ConnectionLogEntry(start, duration.isNegative() ? Duration.ZERO : duration, labels,
                source, destination, Optional.ofNullable(upstream), s, r, flag.label(), error));
        return true;
    }
}
