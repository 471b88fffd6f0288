package dev.trellis.waypoint.resilience;

import dev.trellis.core.model.ServiceKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps retries from multiplying load: retries in flight to a destination may be at most
 * {@code budgetPercent} of its requests in flight, and never fewer than {@link #MIN_CONCURRENT_RETRIES} (so a
 * quiet destination can still retry). A retry the budget refuses is not made: the try's own answer goes back.
 * Thread-safe.
 */
public final class RetryBudget {
    static final int MIN_CONCURRENT_RETRIES = 3;

    private final ConcurrentHashMap<ServiceKey, Counts> counts = new ConcurrentHashMap<>();

    private record Counts(AtomicInteger requests, AtomicInteger retries) {
    }

    /** A request to {@code service} starts; call {@link #requestEnded} when it is answered. */
    public void requestStarted(ServiceKey service) {
        counts(service).requests().incrementAndGet();
    }

    public void requestEnded(ServiceKey service) {
        counts(service).requests().decrementAndGet();
    }

    /** Takes a retry slot if the budget has one; the caller gives it back with {@link #retryEnded}. */
    public boolean tryStartRetry(ServiceKey service, int budgetPercent) {
        Counts c = counts(service);
        int allowed = Math.max(MIN_CONCURRENT_RETRIES, c.requests().get() * budgetPercent / 100);
        while (true) {
            int current = c.retries().get();
            if (current >= allowed) {
                return false;
            }
            if (c.retries().compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void retryEnded(ServiceKey service) {
        counts(service).retries().decrementAndGet();
    }

    private Counts counts(ServiceKey service) {
        return counts.computeIfAbsent(service, k -> new Counts(new AtomicInteger(), new AtomicInteger()));
    }
}
