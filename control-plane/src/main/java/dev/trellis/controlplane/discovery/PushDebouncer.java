package dev.trellis.controlplane.discovery;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Coalesces bursts of store changes into one push: a change waits {@code quiet} for more; a burst that
 * never goes quiet is still pushed after {@code maxDelay}. The view is computed once per push, on the
 * scheduler's thread, from the newest store state. Records {@code trellis_discovery_push_latency_seconds}:
 * from the first change of a burst to the moment every proxy's stream was given its response.
 */
public final class PushDebouncer {
    private final ScheduledExecutorService scheduler;
    private final DiscoveryService discovery;
    private final Supplier<ResourceView> views;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final Histogram latency;
    private long firstChange;
    private long lastChange;
    private boolean scheduled;

    public PushDebouncer(ScheduledExecutorService scheduler, DiscoveryService discovery, Supplier<ResourceView> views,
            Duration quiet, Duration maxDelay, PrometheusRegistry registry) {
        this.scheduler = scheduler;
        this.discovery = discovery;
        this.views = views;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.latency = Histogram.builder().name("trellis_discovery_push_latency_seconds")
                .help("Time from a store change to the push of the resulting state to every connected proxy.")
                .register(registry);
    }

    /** Notes a change; the push follows after the quiet period. Thread-safe. */
    public synchronized void changed() {
        long now = System.nanoTime();
        if (!scheduled) {
            firstChange = now;
            scheduled = true;
            scheduler.schedule(this::fire, quietNanos, TimeUnit.NANOSECONDS);
        }
        lastChange = now;
    }

    private void fire() {
        long started;
        synchronized (this) {
            long now = System.nanoTime();
            long quietLeft = lastChange + quietNanos - now;
            long hardLeft = firstChange + maxDelayNanos - now;
            if (quietLeft > 0 && hardLeft > 0) {
                scheduler.schedule(this::fire, Math.min(quietLeft, hardLeft), TimeUnit.NANOSECONDS);
                return;
            }
            started = firstChange;
            scheduled = false;
        }
        discovery.publish(views.get());
        latency.observe((System.nanoTime() - started) / 1e9);
    }
}
