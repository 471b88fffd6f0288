package dev.trellis.core.balance;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a proxy has outstanding per upstream endpoint, for {@link LeastRequest}: the node-agent's open
 * connections, the waypoint's requests in flight. The proxy calls {@link #track} when it starts and closes the
 * handle when it ends. Lock-free; an endpoint's counter is removed when it drops to zero, so the map holds only
 * endpoints in use.
 */
public final class EndpointLoad implements ActiveLoad {

    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    @Override
    public int active(InetAddress endpoint) {
        AtomicInteger n = open.get(endpoint);
        return n == null ? 0 : n.get();
    }

    /** Counts one connection or request to {@code endpoint} until the returned handle is closed (once). */
    public Tracked track(InetAddress endpoint) {
        open.compute(endpoint, (k, n) -> {
            AtomicInteger counter = n == null ? new AtomicInteger() : n;
            counter.incrementAndGet();
            return counter;
        });
        return new Tracked(endpoint);
    }

    /** One counted connection or request. */
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
