package dev.trellis.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Readiness readiness = new Readiness();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void gracefulWhenEveryPartDrainsBeforeTheDeadline() throws Exception {
        Part a = new Part();
        Part b = new Part();
        Drain drain = new Drain(readiness, scheduler).register("inbound", a).register("tunnels", b);

        CompletableFuture<DrainResult> result = drain.start(Duration.ofMinutes(5));

        assertThat(readiness.blockers()).containsExactly(Drain.DRAINING);
        assertThat(a.drains.get()).isEqualTo(1);
        assertThat(result).isNotDone();
        a.done.complete(null);
        b.done.complete(null);
        DrainResult r = result.get(5, TimeUnit.SECONDS);
        assertThat(r.graceful()).isTrue();
        assertThat(a.forced.get() + b.forced.get()).isZero();
        assertThat(drain.start(Duration.ZERO)).isSameAs(result);
    }

    @Test
    void forcesOnlyThePartsStillOpenAtTheDeadline() throws Exception {
        Part quick = new Part();
        Part stuck = new Part();
        quick.done.complete(null);
        Drain drain = new Drain(readiness, scheduler).register("quick", quick).register("stuck", stuck);

        DrainResult r = drain.start(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);

        assertThat(r.graceful()).isFalse();
        assertThat(r.forced()).containsExactly("stuck");
        assertThat(stuck.forced.get()).isEqualTo(1);
        assertThat(quick.forced.get()).isZero();
        stuck.done.complete(null);
        assertThat(stuck.forced.get()).isEqualTo(1);
    }

    @Test
    void aFailingDrainCountsAsDrainedAndIsReported() throws Exception {
        Part broken = new Part();
        broken.done.completeExceptionally(new IllegalStateException("socket gone"));
        Drain drain = new Drain(readiness, scheduler).register("broken", broken)
                .register("throws", new Drainable() {
                    @Override
                    public CompletionStage<Void> drain() {
                        throw new IllegalStateException("no");
                    }

                    @Override
                    public void forceClose() {
                    }
                });

        DrainResult r = drain.start(Duration.ofMinutes(1)).get(5, TimeUnit.SECONDS);

        assertThat(r.graceful()).isTrue();
        assertThat(r.failed()).containsExactlyInAnyOrder("broken", "throws");
    }

    @Test
    void registrationClosesWhenTheDrainStarts() {
        Drain drain = new Drain(readiness, scheduler).register("a", new Part());
        assertThatThrownBy(() -> drain.register("a", new Part())).hasMessage("drainable 'a' registered twice");
        drain.start(Duration.ofMinutes(1));
        assertThatThrownBy(() -> drain.register("b", new Part()))
                .hasMessage("register 'b': the drain has already started");
    }

    private static final class Part implements Drainable {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicInteger drains = new AtomicInteger();
        final AtomicInteger forced = new AtomicInteger();

        @Override
        public CompletionStage<Void> drain() {
            drains.incrementAndGet();
            return done;
        }

        @Override
        public void forceClose() {
            forced.incrementAndGet();
        }
    }
}
