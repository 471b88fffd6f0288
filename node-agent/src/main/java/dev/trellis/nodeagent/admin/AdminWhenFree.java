package dev.trellis.nodeagent.admin;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the admin servers now, or as soon as their ports are free. During an upgrade hand-over the old
 * node-agent keeps its admin, metrics and readiness ports while it drains; the new one serves pods at once and
 * takes the ports when the old one exits. Any other failure to start them is thrown at once, as before.
 */
public final class AdminWhenFree implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminWhenFree.class);
    private static final long RETRY_MILLIS = 250;

    private final Supplier<NodeAgentAdmin> start;
    private final ScheduledExecutorService scheduler;
    private volatile NodeAgentAdmin admin;
    private volatile boolean closed;

    private AdminWhenFree(Supplier<NodeAgentAdmin> start, ScheduledExecutorService scheduler) {
        this.start = start;
        this.scheduler = scheduler;
    }

    public static AdminWhenFree start(Supplier<NodeAgentAdmin> start, ScheduledExecutorService scheduler) {
        AdminWhenFree holder = new AdminWhenFree(start, scheduler);
        if (!holder.tryStart()) {
            log.info("admin ports busy (the node-agent before this one is still draining?); taking them when free");
            scheduler.schedule(holder::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
        return holder;
    }

    /** The running servers, once they could bind. */
    public Optional<NodeAgentAdmin> admin() {
        return Optional.ofNullable(admin);
    }

    private void retry() {
        if (closed) {
            return;
        }
        try {
            if (tryStart()) {
                log.info("admin servers listening on {}", admin.servers().getFirst().address());
                return;
            }
        } catch (RuntimeException e) {
            log.error("admin servers failed to start: {}", e.getMessage());
            return;
        }
        scheduler.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized boolean tryStart() {
        try {
            NodeAgentAdmin started = start.get();
            if (closed) {
                started.close();
            } else {
                admin = started;
            }
            return true;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close();
        }
    }
}
