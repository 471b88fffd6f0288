package dev.trellis.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resilience and load balancing for one destination ({@code networking.trellis.dev/v1 TrafficPolicy}).
 * The node-agent reads the load balancer and connection limits; the waypoint reads all of it.
 */
public record TrafficPolicy(
        LoadBalancer loadBalancer,
        ConnectionPool connectionPool,
        Optional<OutlierDetection> outlierDetection,
        Optional<Retry> retry,
        Optional<FaultInjection> faultInjection,
        Optional<RateLimit> rateLimit) {

    /** Round robin, no limits, no outlier detection, no retries: what a destination without a policy gets. */
    public static final TrafficPolicy DEFAULT = new TrafficPolicy(
            LoadBalancer.ROUND_ROBIN, ConnectionPool.UNLIMITED, Optional.empty(), Optional.empty());

    public TrafficPolicy {
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(connectionPool, "connectionPool");
        Objects.requireNonNull(outlierDetection, "outlierDetection");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(faultInjection, "faultInjection");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** A policy without fault injection or rate limit. */
    public TrafficPolicy(LoadBalancer loadBalancer, ConnectionPool connectionPool,
            Optional<OutlierDetection> outlierDetection, Optional<Retry> retry) {
        this(loadBalancer, connectionPool, outlierDetection, retry, Optional.empty(), Optional.empty());
    }

    /**
     * The load-balancing algorithm. Ring hash hashes the named header or cookie (one of them set) for
     * session affinity.
     */
    public record LoadBalancer(Algorithm algorithm, Optional<String> hashHeader, Optional<String> hashCookie) {
        public static final LoadBalancer ROUND_ROBIN =
                new LoadBalancer(Algorithm.ROUND_ROBIN, Optional.empty(), Optional.empty());

        public LoadBalancer {
            Objects.requireNonNull(algorithm, "algorithm");
            if (algorithm == Algorithm.RING_HASH && hashHeader.isEmpty() && hashCookie.isEmpty()) {
                throw new IllegalArgumentException("loadBalancer.ringHash: needs a header or a cookie to hash");
            }
        }
    }

    /** Load-balancing algorithms. */
    public enum Algorithm {
        ROUND_ROBIN,
        /** Least outstanding requests of two endpoints picked at random (power of two choices). */
        LEAST_REQUEST,
        RING_HASH
    }

    /** Connection and request limits (circuit breaking); {@link Integer#MAX_VALUE} means no limit. */
    public record ConnectionPool(int maxConnections, int maxPendingRequests, int maxRequestsPerConnection,
            Duration connectTimeout) {
        public static final ConnectionPool UNLIMITED = new ConnectionPool(
                Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofSeconds(10));

        public ConnectionPool {
            Checks.positive(maxConnections, "connectionPool.maxConnections");
            Checks.positive(maxPendingRequests, "connectionPool.maxPendingRequests");
            Checks.positive(maxRequestsPerConnection, "connectionPool.maxRequestsPerConnection");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
        }
    }

    /** Ejects an endpoint after consecutive failures, for a base time growing with each ejection. */
    public record OutlierDetection(int consecutive5xx, int consecutiveGatewayErrors, Duration interval,
            Duration baseEjectionTime, int maxEjectionPercent) {
        public OutlierDetection {
            Checks.positive(consecutive5xx, "outlierDetection.consecutive5xx");
            Checks.positive(consecutiveGatewayErrors, "outlierDetection.consecutiveGatewayErrors");
            if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
                throw new IllegalArgumentException(
                        "outlierDetection.maxEjectionPercent: " + maxEjectionPercent + " (expected: 0-100)");
            }
        }
    }

    /**
     * Retries: at most {@code attempts} tries in all, each bounded by {@code perTryTimeout}, on the listed
     * conditions ({@code 5xx}, {@code gateway-error}, {@code reset}, {@code connect-failure}, and gRPC
     * status names such as {@code unavailable}); {@code budgetPercent} caps retries as a share of active
     * requests so that retries cannot multiply load.
     */
    public record Retry(int attempts, Duration perTryTimeout, List<String> retryOn, int budgetPercent) {
        public Retry {
            Checks.positive(attempts, "retry.attempts");
            Objects.requireNonNull(perTryTimeout, "perTryTimeout");
            retryOn = List.copyOf(retryOn);
            if (budgetPercent < 0 || budgetPercent > 100) {
                throw new IllegalArgumentException(
                        "retry.budgetPercent: " + budgetPercent + " (expected: 0-100)");
            }
        }
    }

    /**
     * Fault injection (waypoint): {@code delayPercent} of requests wait {@code delay} before they go on;
     * {@code abortPercent} are answered {@code abortStatus} without reaching the destination. Percentages 0-100.
     */
    public record FaultInjection(int delayPercent, Duration delay, int abortPercent, int abortStatus) {
        public FaultInjection {
            Checks.percent(delayPercent, "faultInjection.delay.percent");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("faultInjection.delay.fixedDelay: " + delay + " (expected: >= 0)");
            }
            Checks.percent(abortPercent, "faultInjection.abort.percent");
            if (abortPercent > 0 && (abortStatus < 200 || abortStatus > 599)) {
                throw new IllegalArgumentException(
                        "faultInjection.abort.httpStatus: " + abortStatus + " (expected: 200-599)");
            }
        }
    }

    /**
     * Local rate limit (waypoint): a token bucket per destination holding at most {@code maxTokens}, refilled
     * with {@code tokensPerFill} every {@code fillInterval}; a request finding it empty is answered 429.
     */
    public record RateLimit(int tokensPerFill, Duration fillInterval, int maxTokens) {
        public RateLimit {
            Checks.positive(tokensPerFill, "rateLimit.tokensPerFill");
            Checks.positive(maxTokens, "rateLimit.maxTokens");
            Objects.requireNonNull(fillInterval, "fillInterval");
            if (fillInterval.isZero() || fillInterval.isNegative()) {
                throw new IllegalArgumentException("rateLimit.fillInterval: " + fillInterval + " (expected: > 0)");
            }
        }
    }

    /**
     * Field checks, in a class of their own: were they TrafficPolicy's, a nested record's static constant
     * (ConnectionPool.UNLIMITED) would initialize TrafficPolicy from inside its own initialization, and
     * TrafficPolicy.DEFAULT would see that constant still null.
     */
    private static final class Checks {
        private Checks() {
        }

        static void percent(int value, String field) {
            if (value < 0 || value > 100) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: 0-100)");
            }
        }

        static void positive(int value, String field) {
            if (value < 1) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
            }
        }
    }
}
