package dev.trellis.nodeagent.identity;

import dev.trellis.core.retry.Backoff;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.admin.Json;
import dev.trellis.core.identity.SpiffeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkloadCertificatesTest {

    private static final SpiffeId WEB = SpiffeId.of("shop", "web");
    private static final SpiffeId DB = SpiffeId.of("data", "db");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final FakeTime time = new FakeTime(T0);
    private final FakeIssuer issuer = new FakeIssuer();
    private final WorkloadCertificates certs = new WorkloadCertificates(issuer, time, time, Backoff.DEFAULT);

    @Test
    void firstPodStartsTheRequestAndConcurrentCallersShareIt() throws Exception {
        certs.acquire("pod-1", WEB);
        certs.acquire("pod-2", WEB);
        CompletableFuture<IssuedCertificate> a = certs.certificate(WEB);
        CompletableFuture<IssuedCertificate> b = certs.certificate(WEB);

        assertThat(issuer.requests).containsExactly(WEB);
        assertThat(a).isNotDone();
        IssuedCertificate cert = issuer.succeed(0, T0);

        assertThat(a.get()).isSameAs(cert);
        assertThat(b.get()).isSameAs(cert);
        assertThat(certs.certificate(WEB)).isCompletedWithValue(cert);
        assertThat(issuer.requests).hasSize(1);
    }

    @Test
    void renewsAtHalfLifeAndServesTheOldCertificateMeanwhile() throws Exception {
        certs.acquire("pod-1", WEB);
        IssuedCertificate first = issuer.succeed(0, T0);

        time.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(issuer.requests).hasSize(1);
        time.advance(Duration.ofSeconds(1));
        assertThat(issuer.requests).hasSize(2);
        assertThat(certs.certificate(WEB)).isCompletedWithValue(first);

        IssuedCertificate second = issuer.succeed(1, time.instant());
        assertThat(certs.certificate(WEB)).isCompletedWithValue(second);
        time.advance(Duration.ofHours(12));
        assertThat(issuer.requests).hasSize(3);
    }

    @Test
    void failuresBackOffAndCallersFailFastUntilTheRetry() {
        certs.acquire("pod-1", WEB);
        CompletableFuture<IssuedCertificate> waiting = certs.certificate(WEB);
        issuer.fail(0, "CA unavailable");

        assertThat(waiting).isCompletedExceptionally();
        assertThat(cause(waiting)).isInstanceOf(CertificateUnavailableException.class)
                .hasMessageContaining("no certificate for spiffe://cluster.local/ns/shop/sa/web")
                .hasMessageContaining("CA unavailable").hasMessageContaining("retrying at 2026-03-01T00:00:01Z");
        assertThat(cause(certs.certificate(WEB))).hasMessageContaining("the last request failed");
        assertThat(issuer.requests).hasSize(1);

        time.advance(Duration.ofSeconds(1));
        assertThat(issuer.requests).hasSize(2);
        issuer.fail(1, "still down");
        time.advance(Duration.ofMillis(1999));
        assertThat(issuer.requests).hasSize(2);
        time.advance(Duration.ofMillis(1));
        assertThat(issuer.requests).hasSize(3);
        IssuedCertificate cert = issuer.succeed(2, time.instant());
        assertThat(certs.certificate(WEB)).isCompletedWithValue(cert);
    }

    @Test
    void failedRenewalKeepsServingTheValidCertificateUntilItExpires() {
        certs.acquire("pod-1", WEB);
        IssuedCertificate first = issuer.succeed(0, T0);
        time.advance(Duration.ofHours(12));
        issuer.fail(1, "CA unavailable");
        assertThat(certs.certificate(WEB)).isCompletedWithValue(first);

        for (int i = 2; time.instant().isBefore(T0.plus(DAY)); i++) {
            time.advance(Duration.ofMinutes(5));
            if (issuer.requests.size() > i) {
                issuer.fail(i, "CA unavailable");
            }
        }
        assertThat(cause(certs.certificate(WEB))).isInstanceOf(CertificateUnavailableException.class);
    }

    @Test
    void theLastPodLeavingDropsTheCertificateAndItsTimers() {
        certs.acquire("pod-1", WEB);
        certs.acquire("pod-2", WEB);
        issuer.succeed(0, T0);
        assertThat(time.pending()).isEqualTo(1);

        certs.release("pod-1");
        assertThat(certs.identities()).containsExactly(WEB);
        certs.release("pod-2");
        certs.release("pod-2");

        assertThat(certs.identities()).isEmpty();
        assertThat(time.pending()).isZero();
        time.advance(DAY);
        assertThat(issuer.requests).hasSize(1);
        assertThat(cause(certs.certificate(WEB))).hasMessageContaining("no pod of this node has this identity");
    }

    @Test
    void leavingWhileARequestIsInFlightFailsItsWaitersAndIgnoresTheAnswer() {
        certs.acquire("pod-1", WEB);
        CompletableFuture<IssuedCertificate> waiting = certs.certificate(WEB);
        certs.release("pod-1");

        assertThat(cause(waiting)).hasMessageContaining("the last pod with this identity left");
        issuer.succeed(0, T0);
        assertThat(certs.identities()).isEmpty();
        assertThat(time.pending()).isZero();
    }

    @Test
    void aPodChangingIdentityMovesToTheNewOne() {
        certs.acquire("pod-1", WEB);
        certs.acquire("pod-1", DB);
        assertThat(certs.identities()).containsExactly(DB);
        assertThat(issuer.requests).containsExactly(WEB, DB);
    }

    @Test
    void aCertificateForAnotherIdentityIsRejected() {
        certs.acquire("pod-1", WEB);
        CompletableFuture<IssuedCertificate> waiting = certs.certificate(WEB);
        issuer.pending.getFirst().complete(TestCertificates.issue(DB, T0, DAY));

        assertThat(cause(waiting)).hasMessageContaining("the CA issued a certificate for spiffe://cluster.local/ns/data/sa/db "
                + "(expected: spiffe://cluster.local/ns/shop/sa/web)");
    }

    @Test
    void anIssuerThatThrowsCountsAsAFailedRequest() {
        WorkloadCertificates throwing = new WorkloadCertificates(id -> {
            throw new IllegalStateException("no channel");
        }, time, time, Backoff.DEFAULT);
        throwing.acquire("pod-1", WEB);
        assertThat(cause(throwing.certificate(WEB))).hasMessageContaining("no channel");
        assertThat(time.pending()).isEqualTo(1);
    }

    @Test
    void dumpShowsEachIdentityWithItsPodsAndValidity() {
        certs.acquire("pod-1", WEB);
        issuer.succeed(0, T0);
        assertThat(Json.write(certs.dump())).contains("\"spiffe://cluster.local/ns/shop/sa/web\":{\"pods\":[\"pod-1\"],"
                + "\"state\":\"issued\",\"notBefore\":\"2026-03-01T00:00:00Z\",\"notAfter\":\"2026-03-02T00:00:00Z\","
                + "\"renewAt\":\"2026-03-01T12:00:00Z\"");
    }

    @Test
    void manyThreadsAskingAtOnceMakeOneRequest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<IssuedCertificate> answer = new CompletableFuture<>();
        WorkloadCertificates shared = new WorkloadCertificates(id -> {
            calls.incrementAndGet();
            return answer;
        }, time, time, Backoff.DEFAULT);
        shared.acquire("pod-1", WEB);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<IssuedCertificate>>> asks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            asks.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return shared.certificate(WEB);
            }, pool));
        }
        start.countDown();
        IssuedCertificate cert = TestCertificates.issue(WEB, T0, DAY);
        answer.complete(cert);
        for (var ask : asks) {
            assertThat(ask.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isSameAs(cert);
        }
        pool.shutdown();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(List.of(b.delay(1), b.delay(2), b.delay(3), b.delay(4), b.delay(5), b.delay(99)))
                .extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.getNow(null);
            throw new AssertionError("expected a failed future, got " + f);
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records requests; the test completes them. */
    private static final class FakeIssuer implements CertificateIssuer {
        final List<SpiffeId> requests = new ArrayList<>();
        final List<CompletableFuture<IssuedCertificate>> pending = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<IssuedCertificate> issue(SpiffeId identity) {
            requests.add(identity);
            CompletableFuture<IssuedCertificate> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        IssuedCertificate succeed(int request, Instant notBefore) {
            IssuedCertificate cert = TestCertificates.issue(requests.get(request), notBefore, DAY);
            pending.get(request).complete(cert);
            return cert;
        }

        void fail(int request, String message) {
            pending.get(request).completeExceptionally(new IllegalStateException(message));
        }
    }
}
