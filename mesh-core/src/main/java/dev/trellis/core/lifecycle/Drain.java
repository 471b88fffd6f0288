package dev.trellis.core.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a proxy: marks it not ready, asks every registered part to drain, and at the deadline force-closes
 * the parts that have not finished.
 *
 * <p>Invariants: parts are registered before {@link #start}; {@code start} runs the drain once (later calls
 * return the same result); each part is force-closed at most once, and never after it drained.
 */
public final class Drain {

    /** The readiness blocker a drain opens (and never closes). */
    public static final String DRAINING = "draining";

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    private final Readiness readiness;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Drainable> parts = new LinkedHashMap<>();
    private final CompletableFuture<DrainResult> result = new CompletableFuture<>();
    private boolean started;
    /** Set when the deadline fires, so that the futures it completes do not read as a graceful end. */
    private volatile boolean forcing;

    /**
     * @param readiness marked not ready when the drain starts
     * @param scheduler runs the deadline; not an event loop
     */
    public Drain(Readiness readiness, ScheduledExecutorService scheduler) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Adds a part to drain; names are unique. */
    public synchronized Drain register(String name, Drainable part) {
        if (started) {
            throw new IllegalStateException("register '" + name + "': the drain has already started");
        }
        if (parts.putIfAbsent(name, Objects.requireNonNull(part, "part")) != null) {
            throw new IllegalArgumentException("drainable '" + name + "' registered twice");
        }
        return this;
    }

    /**
     * Starts draining every part, with {@code deadline} to finish before the rest is forced.
     *
     * @return completes when all parts drained, or at the deadline after the rest was force-closed
     */
    public synchronized CompletableFuture<DrainResult> start(Duration deadline) {
        if (started) {
            return result;
        }
        started = true;
        readiness.block(DRAINING);
        log.info("draining {} for up to {}", parts.keySet(), deadline);
        Map<String, CompletableFuture<Void>> pending = new LinkedHashMap<>();
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        parts.forEach((name, part) -> pending.put(name, drainOne(name, part, failed)));
        CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    if (!forcing) {
                        result.complete(new DrainResult(List.of(), List.copyOf(failed)));
                    }
                });
        scheduler.schedule(() -> force(pending, failed), deadline.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    private static CompletableFuture<Void> drainOne(String name, Drainable part, List<String> failed) {
        CompletableFuture<Void> done;
        try {
            done = part.drain().toCompletableFuture();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.handle((ok, error) -> {
            if (error != null) {
                log.warn("drain of {} failed", name, error);
                failed.add(name);
            }
            return null;
        });
    }

    private void force(Map<String, CompletableFuture<Void>> pending, List<String> failed) {
        if (result.isDone()) {
            return;
        }
        forcing = true;
        List<String> forced = new ArrayList<>();
        pending.forEach((name, done) -> {
            // complete() wins the race against a late drain, so a part is never forced after it finished.
            if (done.complete(null)) {
                forced.add(name);
                forceOne(name, parts.get(name));
            }
        });
        log.warn("drain deadline passed; force-closed {}", forced);
        result.complete(new DrainResult(forced, List.copyOf(failed)));
    }

    private static void forceOne(String name, Drainable part) {
        try {
            part.forceClose();
        } catch (RuntimeException e) {
            log.warn("force-close of {} failed", name, e);
        }
    }
}
