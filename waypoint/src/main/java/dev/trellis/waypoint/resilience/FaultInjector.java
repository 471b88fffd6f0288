package dev.trellis.waypoint.resilience;

import dev.trellis.core.model.TrafficPolicy.FaultInjection;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides the fault a request gets from its destination's fault injection: an abort for {@code abortPercent}
 * of requests, otherwise a delay for {@code delayPercent}, otherwise none. Each draw is independent.
 */
public final class FaultInjector {
    private final RandomGenerator random;

    /** What happens to one request. */
    public sealed interface Fault {
    }

    /** Goes on untouched. */
    public record None() implements Fault {
    }

    /** Answered with {@code status} at once, never reaching the destination. */
    public record Abort(int status) implements Fault {
    }

    /** Waits {@code delay}, then goes on. */
    public record Delay(Duration delay) implements Fault {
    }

    /** @param random the randomness; must be safe for the callers' threads */
    public FaultInjector(RandomGenerator random) {
        this.random = random;
    }

    public Fault decide(FaultInjection policy) {
        if (policy.abortPercent() > 0 && random.nextInt(100) < policy.abortPercent()) {
            return new Abort(policy.abortStatus());
        }
        if (policy.delayPercent() > 0 && random.nextInt(100) < policy.delayPercent()) {
            return new Delay(policy.delay());
        }
        return new None();
    }
}
