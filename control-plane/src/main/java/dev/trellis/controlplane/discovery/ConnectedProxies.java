package dev.trellis.controlplane.discovery;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The proxies connected right now, with the version each serves. Thread-safe. */
public final class ConnectedProxies {
    private final ConcurrentHashMap<ProxyStream, ProxyStatus> streams = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    /** Every connected proxy, ordered by name. */
    public List<ProxyStatus> list() {
        return streams.values().stream().sorted(Comparator.comparing(s -> s.proxy().toString())).toList();
    }

    /**
     * Waits until every connected proxy for which {@code expected} says a version serves it, or the deadline.
     * Returns the proxies still behind (empty when all caught up).
     */
    public List<ProxyStatus> awaitVersions(java.util.function.Function<ProxyId, String> expected, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (changed) {
            while (true) {
                List<ProxyStatus> behind = list().stream()
                        .filter(s -> !s.ackedVersion().equals(expected.apply(s.proxy()))).toList();
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (behind.isEmpty() || left <= 0) {
                    return behind;
                }
                changed.wait(Math.min(left, 100));
            }
        }
    }

    Collection<ProxyStream> streams() {
        return streams.keySet();
    }

    int count() {
        return streams.size();
    }

    void connected(ProxyStream stream, ProxyStatus status) {
        updated(stream, status);
    }

    void updated(ProxyStream stream, ProxyStatus status) {
        streams.put(stream, status);
        signal();
    }

    void disconnected(ProxyStream stream) {
        streams.remove(stream);
        signal();
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}
