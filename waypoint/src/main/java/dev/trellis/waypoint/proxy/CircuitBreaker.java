package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy.ConnectionPool;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests in flight to each destination service: at most {@code maxPendingRequests}. Past the
 * limit a request fails fast (503 with {@link Responses#OVERFLOW_HEADER}) instead of queueing. Thread-safe.
 */
final class CircuitBreaker {

    private final ConcurrentHashMap<ServiceKey, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** Takes a slot, or returns false if the destination is at its limit. */
    boolean tryAcquire(ServiceKey service, ConnectionPool pool) {
        AtomicInteger n = inFlight.computeIfAbsent(service, k -> new AtomicInteger());
        while (true) {
            int current = n.get();
            if (current >= pool.maxPendingRequests()) {
                return false;
            }
            if (n.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release(ServiceKey service) {
        inFlight.get(service).decrementAndGet();
    }
}
