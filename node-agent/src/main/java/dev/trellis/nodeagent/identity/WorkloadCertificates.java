package dev.trellis.nodeagent.identity;

import dev.trellis.core.retry.Backoff;
import dev.trellis.core.admin.Dumpable;
import dev.trellis.core.identity.SpiffeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One certificate per identity of this node's pods.
 *
 * <p>A pod handed over {@linkplain #acquire acquires} its identity: the first pod with an identity starts
 * the request (so the certificate is usually there before the first connection); {@link #certificate}
 * answers from the cache, or joins the request in flight (concurrent callers share one request). A
 * certificate is renewed at half life and kept in use until the new one arrives; a failed request is
 * retried with {@link Backoff}, and callers with no valid certificate meanwhile fail fast with a
 * {@link CertificateUnavailableException} naming the last error. When the last pod with an identity is
 * {@linkplain #release released} the certificate and key are dropped and its timers cancelled.
 *
 * <p>Invariants (under the monitor of {@code this}): an entry has at most one request in flight and at most
 * one timer, never both; a removed entry starts nothing. Futures are completed outside the monitor, and the
 * issuer is called without blocking, so callers on event loops never wait on I/O here.
 */
public final class WorkloadCertificates implements Dumpable {

    private static final Logger log = LoggerFactory.getLogger(WorkloadCertificates.class);

    private final CertificateIssuer issuer;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Map<SpiffeId, Entry> entries = new HashMap<>();
    private final Map<String, SpiffeId> podIdentities = new HashMap<>();

    public WorkloadCertificates(CertificateIssuer issuer, Clock clock, Scheduler scheduler, Backoff backoff) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Records that local pod {@code podUid} runs as {@code identity}; repeated calls are harmless, and a pod
     * whose identity changed moves to the new one.
     */
    public void acquire(String podUid, SpiffeId identity) {
        Entry entry;
        CompletableFuture<IssuedCertificate> request = null;
        CompletableFuture<IssuedCertificate> orphaned = null;
        SpiffeId previous;
        synchronized (this) {
            previous = podIdentities.put(podUid, identity);
            if (identity.equals(previous)) {
                return;
            }
            if (previous != null) {
                orphaned = dropPod(podUid, previous);
            }
            entry = entries.computeIfAbsent(identity, Entry::new);
            entry.pods.add(podUid);
            if (entry.current == null && entry.inflight == null && entry.timer == null) {
                request = reserveRequest(entry);
            }
        }
        if (orphaned != null) {
            orphaned.completeExceptionally(new CertificateUnavailableException(previous,
                    "the last pod with this identity left", null));
        }
        if (request != null) {
            launch(entry, request);
        }
    }

    /** Records that {@code podUid} left; its identity's certificate is dropped if no other pod has it. */
    public void release(String podUid) {
        CompletableFuture<IssuedCertificate> orphaned = null;
        SpiffeId identity;
        synchronized (this) {
            identity = podIdentities.remove(podUid);
            if (identity == null) {
                return;
            }
            orphaned = dropPod(podUid, identity);
        }
        if (orphaned != null) {
            orphaned.completeExceptionally(new CertificateUnavailableException(identity,
                    "the last pod with this identity left", null));
        }
    }

    /**
     * The certificate to present for {@code identity}: at once from the cache while valid, else when the
     * request in flight completes; failed at once with {@link CertificateUnavailableException} when no
     * local pod has the identity, or while a failed request waits for its retry.
     */
    public CompletableFuture<IssuedCertificate> certificate(SpiffeId identity) {
        Entry entry;
        CompletableFuture<IssuedCertificate> request;
        synchronized (this) {
            entry = entries.get(identity);
            if (entry == null) {
                return CompletableFuture.failedFuture(new CertificateUnavailableException(identity,
                        "no pod of this node has this identity", null));
            }
            Instant now = clock.instant();
            if (entry.current != null && entry.current.isValidAt(now)) {
                return CompletableFuture.completedFuture(entry.current);
            }
            if (entry.inflight == null && entry.timer != null && entry.lastError != null) {
                return CompletableFuture.failedFuture(new CertificateUnavailableException(identity,
                        "the last request failed (" + entry.lastError + "); retrying at " + entry.nextAttempt,
                        entry.lastError));
            }
            if (entry.inflight != null) {
                return entry.inflight.copy();
            }
            cancelTimer(entry);
            request = reserveRequest(entry);
        }
        launch(entry, request);
        return request.copy();
    }

    /**
     * The certificate for {@code identity} if one is valid now, without waiting (TLS handshakes ask on an
     * event loop); empty while it is being requested.
     */
    public synchronized java.util.Optional<dev.trellis.core.tls.WorkloadCertificate> current(SpiffeId identity) {
        Entry entry = entries.get(identity);
        if (entry == null || entry.current == null || !entry.current.isValidAt(clock.instant())) {
            return java.util.Optional.empty();
        }
        IssuedCertificate c = entry.current;
        return java.util.Optional.of(new dev.trellis.core.tls.WorkloadCertificate(c.identity(), c.privateKey(),
                c.chain()));
    }

    /** The local pods that hold an identity now. */
    public synchronized Set<String> pods() {
        return Set.copyOf(podIdentities.keySet());
    }

    /** The identities held now. */
    public synchronized Set<SpiffeId> identities() {
        return Set.copyOf(entries.keySet());
    }

    @Override
    public synchronized Object dump() {
        Map<String, Object> out = new TreeMap<>();
        for (Entry e : entries.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("pods", e.pods.stream().sorted().toList());
            d.put("state", e.inflight != null ? "requesting" : e.current != null ? "issued" : "waiting-to-retry");
            d.put("notBefore", e.current == null ? null : e.current.notBefore());
            d.put("notAfter", e.current == null ? null : e.current.notAfter());
            d.put("renewAt", e.current == null ? null : e.current.renewAt());
            d.put("serial", e.current == null ? null : e.current.leaf().getSerialNumber().toString(16));
            d.put("failures", e.failures);
            d.put("lastError", e.lastError == null ? null : e.lastError.toString());
            d.put("nextAttempt", e.nextAttempt);
            out.put(e.identity.uri(), d);
        }
        return out;
    }

    /** Removes {@code podUid} from its entry; returns the entry's orphaned request, if the entry went away. */
    private CompletableFuture<IssuedCertificate> dropPod(String podUid, SpiffeId identity) {
        Entry entry = entries.get(identity);
        if (entry == null) {
            return null;
        }
        entry.pods.remove(podUid);
        if (!entry.pods.isEmpty()) {
            return null;
        }
        entries.remove(identity);
        entry.removed = true;
        cancelTimer(entry);
        entry.current = null;
        log.info("dropped the certificate of {}: no pod of this node has it any more", identity);
        CompletableFuture<IssuedCertificate> orphaned = entry.inflight;
        entry.inflight = null;
        return orphaned;
    }

    /** Marks a request in flight (under the monitor); {@link #launch} then sends it (outside). */
    private static CompletableFuture<IssuedCertificate> reserveRequest(Entry entry) {
        CompletableFuture<IssuedCertificate> waiters = new CompletableFuture<>();
        entry.inflight = waiters;
        entry.nextAttempt = null;
        return waiters;
    }

    private void launch(Entry entry, CompletableFuture<IssuedCertificate> waiters) {
        CompletableFuture<IssuedCertificate> issued;
        try {
            issued = Objects.requireNonNull(issuer.issue(entry.identity), "issuer returned null");
        } catch (RuntimeException e) {
            issued = CompletableFuture.failedFuture(e);
        }
        issued.whenComplete((cert, error) -> onResult(entry, waiters, cert, error));
    }

    private void onResult(Entry entry, CompletableFuture<IssuedCertificate> waiters, IssuedCertificate cert,
            Throwable error) {
        Throwable failure = error != null ? unwrap(error) : checkIssued(entry.identity, cert);
        synchronized (this) {
            if (entry.removed || entry.inflight != waiters) {
                return;
            }
            entry.inflight = null;
            if (failure == null) {
                accept(entry, cert);
            } else {
                fail(entry, failure);
            }
        }
        if (failure == null) {
            waiters.complete(cert);
        } else {
            waiters.completeExceptionally(new CertificateUnavailableException(entry.identity,
                    "the CA request failed (" + failure + "); retrying at " + entry.nextAttempt, failure));
        }
    }

    private Throwable checkIssued(SpiffeId identity, IssuedCertificate cert) {
        if (cert == null) {
            return new IllegalStateException("the issuer completed with no certificate");
        }
        if (!cert.identity().equals(identity)) {
            return new IllegalStateException("the CA issued a certificate for " + cert.identity()
                    + " (expected: " + identity + ")");
        }
        if (!clock.instant().isBefore(cert.notAfter())) {
            return new IllegalStateException("the CA issued a certificate that expired at " + cert.notAfter());
        }
        return null;
    }

    private void accept(Entry entry, IssuedCertificate cert) {
        entry.current = cert;
        entry.failures = 0;
        entry.lastError = null;
        Duration untilRenewal = Duration.between(clock.instant(), cert.renewAt());
        scheduleRequest(entry, untilRenewal.isNegative() ? Duration.ZERO : untilRenewal);
        log.info("certificate for {} valid until {}, renewing at {}", entry.identity, cert.notAfter(), cert.renewAt());
    }

    private void fail(Entry entry, Throwable failure) {
        entry.failures++;
        entry.lastError = failure;
        Duration wait = backoff.delay(entry.failures);
        scheduleRequest(entry, wait);
        log.warn("certificate request for {} failed ({} in a row), retrying in {}: {}", entry.identity,
                entry.failures, wait, failure.toString());
    }

    private void scheduleRequest(Entry entry, Duration delay) {
        entry.nextAttempt = clock.instant().plus(delay);
        entry.timer = scheduler.schedule(delay, () -> {
            CompletableFuture<IssuedCertificate> request;
            synchronized (this) {
                if (entry.removed || entry.inflight != null) {
                    return;
                }
                entry.timer = null;
                request = reserveRequest(entry);
            }
            launch(entry, request);
        });
    }

    private static void cancelTimer(Entry entry) {
        if (entry.timer != null) {
            entry.timer.cancel();
            entry.timer = null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** The state of one identity; guarded by the monitor of the enclosing instance. */
    private static final class Entry {
        final SpiffeId identity;
        final Set<String> pods = new HashSet<>();
        IssuedCertificate current;
        CompletableFuture<IssuedCertificate> inflight;
        Scheduler.Cancellable timer;
        int failures;
        Throwable lastError;
        Instant nextAttempt;
        boolean removed;

        Entry(SpiffeId identity) {
            this.identity = identity;
        }
    }
}
