package dev.trellis.core.retry;

import java.time.Duration;

/**
 * Exponential backoff between failed attempts (certificate requests, discovery reconnects): {@code initial}, doubled after each further
 * failure, never above {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

    /** One second, doubling, at most five minutes (a renewal starts twelve hours before expiry). */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff " + initial + ".." + max + " (expected: 0 < initial <= max)");
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration d = initial.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
