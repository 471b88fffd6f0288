package dev.trellis.waypoint.resilience;

import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy.RateLimit;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local rate limiting: one token bucket per destination, full at first, refilled with {@code tokensPerFill}
 * every whole {@code fillInterval} up to {@code maxTokens}. A request takes a token or is refused. A changed
 * limit starts a fresh bucket. Thread-safe (a lock per bucket).
 */
public final class TokenBuckets {
    private final Clock clock;
    private final ConcurrentHashMap<ServiceKey, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(Clock clock) {
        this.clock = clock;
    }

    /** Takes a token for a request to {@code service}; false when the bucket is empty. */
    public boolean tryTake(ServiceKey service, RateLimit limit) {
        Bucket bucket = buckets.compute(service, (k, b) -> b == null || !b.limit.equals(limit)
                ? new Bucket(limit, clock.instant()) : b);
        return bucket.tryTake(clock.instant());
    }

    private static final class Bucket {
        private final RateLimit limit;
        private long tokens;
        private Instant lastFill;

        Bucket(RateLimit limit, Instant now) {
            this.limit = limit;
            this.tokens = limit.maxTokens();
            this.lastFill = now;
        }

        synchronized boolean tryTake(Instant now) {
            long interval = limit.fillInterval().toNanos();
            long fills = java.time.Duration.between(lastFill, now).toNanos() / interval;
            if (fills > 0) {
                tokens = Math.min(limit.maxTokens(), tokens + fills * limit.tokensPerFill());
                lastFill = lastFill.plusNanos(fills * interval);
            }
            if (tokens == 0) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
