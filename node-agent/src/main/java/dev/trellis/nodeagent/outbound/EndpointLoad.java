package dev.trellis.nodeagent.outbound;

import dev.trellis.core.balance.ActiveLoad;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's open connections per upstream endpoint, for least request ({@link dev.trellis.core.balance.LeastRequest}). The data plane calls
 * {@link #track} when it connects and closes the handle when the connection ends. Lock-free; an endpoint's
 * counter is removed when it drops to zero, so the map holds only endpoints in use.
 */
public final class EndpointLoad implements ActiveLoad {

    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    @Override
    public int active(InetAddress endpoint) {
        AtomicInteger n = open.get(endpoint);
        return n == null ? 0 : n.get();
    }

    /** Counts one connection to {@code endpoint} until the returned handle is closed (once). */
    public Tracked track(InetAddress endpoint) {
        open.compute(endpoint, (k, n) -> {
            AtomicInteger counter = n == null ? new AtomicInteger() : n;
            counter.incrementAndGet();
            return counter;
        });
        return new Tracked(endpoint);
    }

    /** One counted connection. */
    public final class Tracked implements AutoCloseable {
        private final InetAddress endpoint;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Tracked(InetAddress endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.computeIfPresent(endpoint, (k, n) -> n.decrementAndGet() == 0 ? null : n);
            }
        }
    }
}
