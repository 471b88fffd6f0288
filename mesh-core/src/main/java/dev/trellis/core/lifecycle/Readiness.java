package dev.trellis.core.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a proxy is ready: it is while no {@link Blocker} is open. Each part that must finish before
 * traffic may come (first discovery push, first certificates, listeners bound) opens a named blocker at
 * start and closes it when done; draining opens one that is never closed.
 *
 * <p>Thread-safe; {@link #isReady()} never locks.
 */
public final class Readiness {

    private final Map<Long, String> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * Opens a blocker; the proxy is not ready until it is closed. Several blockers may share a name.
     *
     * @param name what is awaited, e.g. {@code "discovery: first snapshot"}
     */
    public Blocker block(String name) {
        Objects.requireNonNull(name, "name");
        long id = ids.incrementAndGet();
        open.put(id, name);
        return new Blocker(id, name);
    }

    public boolean isReady() {
        return open.isEmpty();
    }

    /** The names of the open blockers, oldest first. */
    public List<String> blockers() {
        List<Map.Entry<Long, String>> entries = new ArrayList<>(open.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries.stream().map(Map.Entry::getValue).toList();
    }

    /** One open reason not to be ready; closing it (once or more) removes it. */
    public final class Blocker implements AutoCloseable {
        private final long id;
        private final String name;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Blocker(long id, String name) {
            this.id = id;
            this.name = name;
        }

        public String name() {
            return name;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.remove(id);
            }
        }
    }
}
