package dev.trellis.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trellis.core.discovery.ResourceSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushDebouncerTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger viewsComputed = new AtomicInteger();
    private final DiscoveryService discovery = new DiscoveryService(new PrometheusRegistry(), Clock.systemUTC());

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private PushDebouncer debouncer(Duration quiet, Duration max) {
        return new PushDebouncer(scheduler, discovery, () -> {
            viewsComputed.incrementAndGet();
            return p -> ResourceSet.EMPTY;
        }, quiet, max, new PrometheusRegistry());
    }

    @Test
    void aBurstOfChangesMakesOnePush() throws InterruptedException {
        PushDebouncer d = debouncer(Duration.ofMillis(200), Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            d.changed();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> viewsComputed.get() == 1);
        Thread.sleep(400);
        assertThat(viewsComputed).hasValue(1);
    }

    @Test
    void aBurstThatNeverGoesQuietIsStillPushedAtTheMaximumDelay() throws InterruptedException {
        PushDebouncer d = debouncer(Duration.ofMillis(100), Duration.ofMillis(300));
        long end = System.nanoTime() + Duration.ofMillis(900).toNanos();
        while (System.nanoTime() < end) {
            d.changed();
            Thread.sleep(20);
        }
        assertThat(viewsComputed.get()).isGreaterThanOrEqualTo(2);
    }
}
