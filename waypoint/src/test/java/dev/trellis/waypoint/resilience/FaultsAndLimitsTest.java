package dev.trellis.waypoint.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy.FaultInjection;
import dev.trellis.core.model.TrafficPolicy.RateLimit;
import dev.trellis.testing.time.MovableClock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultsAndLimitsTest {
    private static final ServiceKey SHOP = new ServiceKey("app", "shop");

    @Test
    void faultsHitTheirShareOfRequestsAndAbortsComeFirst() {
        FaultInjector injector = new FaultInjector(new SplittableRandom(42));
        FaultInjection both = new FaultInjection(50, Duration.ofMillis(300), 20, 503);
        int aborts = 0;
        int delays = 0;
        for (int i = 0; i < 10_000; i++) {
            FaultInjector.Fault f = injector.decide(both);
            if (f instanceof FaultInjector.Abort a) {
                assertThat(a.status()).isEqualTo(503);
                aborts++;
            } else if (f instanceof FaultInjector.Delay d) {
                assertThat(d.delay()).isEqualTo(Duration.ofMillis(300));
                delays++;
            }
        }
        // 20 % aborted; half of the other 80 % delayed: 4000. Both within 5 standard deviations.
        assertThat(aborts).isBetween(1800, 2200);
        assertThat(delays).isBetween(3750, 4250);
        assertThat(injector.decide(new FaultInjection(0, Duration.ZERO, 0, 0))).isInstanceOf(FaultInjector.None.class);
        assertThat(injector.decide(new FaultInjection(0, Duration.ZERO, 100, 418)))
                .isEqualTo(new FaultInjector.Abort(418));
    }

    @Test
    void aBucketStartsFullRefillsByWholeIntervalsAndNeverHoldsMoreThanItsSize() {
        MovableClock clock = new MovableClock();
        TokenBuckets buckets = new TokenBuckets(clock);
        RateLimit limit = new RateLimit(2, Duration.ofSeconds(1), 3);

        assertThat(take(buckets, limit, 5)).as("full at first: 3 tokens").isEqualTo(3);
        clock.advance(Duration.ofMillis(999));
        assertThat(take(buckets, limit, 5)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(take(buckets, limit, 5)).as("one fill: 2 tokens").isEqualTo(2);
        clock.advance(Duration.ofSeconds(10));
        assertThat(take(buckets, limit, 5)).as("ten fills, but at most 3").isEqualTo(3);
        assertThat(buckets.tryTake(new ServiceKey("app", "other"), limit)).as("one bucket per destination").isTrue();
        assertThat(buckets.tryTake(SHOP, new RateLimit(1, Duration.ofSeconds(1), 1)))
                .as("a changed limit starts a fresh bucket").isTrue();
    }

    private static int take(TokenBuckets buckets, RateLimit limit, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            taken += buckets.tryTake(SHOP, limit) ? 1 : 0;
        }
        return taken;
    }
}
