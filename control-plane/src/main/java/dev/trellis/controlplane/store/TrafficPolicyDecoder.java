package dev.trellis.controlplane.store;

import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.TrafficPolicy.Algorithm;
import dev.trellis.core.model.TrafficPolicy.ConnectionPool;
import dev.trellis.core.model.TrafficPolicy.FaultInjection;
import dev.trellis.core.model.TrafficPolicy.LoadBalancer;
import dev.trellis.core.model.TrafficPolicy.OutlierDetection;
import dev.trellis.core.model.TrafficPolicy.RateLimit;
import dev.trellis.core.model.TrafficPolicy.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Compiles a TrafficPolicy spec into {@link TrafficPolicy}, checking fields as the CRD schema does.
 *
 * <p>Mapping onto the model: {@code retry.attempts} counts retries after the first try, the model counts
 * tries in all (attempts + 1; 0 means no retry); a {@code 0} that disables an outlier counter becomes
 * {@link Integer#MAX_VALUE} (a count never reached); {@code maxRequestsPerConnection: 0} means no limit.
 * Fields the model has no place for yet (choiceCount, idle timeouts, maxRequests, ring size, cookie ttl and
 * path, consecutiveConnectFailures, minHealthPercent, minRetriesPerSecond) are validated and not carried.
 */
final class TrafficPolicyDecoder {

    static final int DEFAULT_CONSECUTIVE_5XX = 5;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_BASE_EJECTION = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_EJECTION_PERCENT = 10;
    static final List<String> DEFAULT_RETRY_ON =
            List.of("connect-failure", "refused-stream", "unavailable", "gateway-error");
    static final int DEFAULT_BUDGET_PERCENT = 20;
    /** No per-try bound: each try may use what is left of the request's own timeout. */
    static final Duration NO_PER_TRY_TIMEOUT = Duration.ZERO;
    private static final Set<String> RETRY_ON = Set.of("connect-failure", "refused-stream", "reset", "5xx",
            "gateway-error", "retriable-4xx", "unavailable", "cancelled", "deadline-exceeded", "resource-exhausted");

    private TrafficPolicyDecoder() {
    }

    static TrafficPolicyResource decode(FieldReader root, ObjectMeta meta) {
        FieldReader spec = root.object("spec")
                .orElseThrow(() -> new FieldException("spec", "missing (expected: a mapping with targetRef)"));
        FieldReader target = spec.object("targetRef").orElseThrow(() ->
                new FieldException("spec.targetRef", "missing (expected: {kind: Service, name: <service>})"));
        String group = target.string("group").orElse("");
        if (!group.isEmpty()) {
            throw FieldException.unexpected(target.path("group"), group, "'' (the core group of Service)");
        }
        String kind = target.requiredString("kind", "Service");
        if (!kind.equals("Service")) {
            throw FieldException.unexpected(target.path("kind"), kind, "Service");
        }
        String service = Names.dnsLabel(target.requiredString("name", "a Service name"), target.path("name"));
        OptionalInt port = target.intInRange("port", 1, 65535);
        target.done();
        TrafficPolicy policy = new TrafficPolicy(loadBalancer(spec), connectionPool(spec),
                spec.object("outlierDetection").map(TrafficPolicyDecoder::outlierDetection),
                spec.object("retry").flatMap(TrafficPolicyDecoder::retry),
                spec.object("faultInjection").map(TrafficPolicyDecoder::faultInjection),
                spec.object("rateLimit").map(TrafficPolicyDecoder::rateLimit));
        spec.done();
        root.done();
        return new TrafficPolicyResource(meta, service, port, policy);
    }

    private static LoadBalancer loadBalancer(FieldReader spec) {
        Optional<FieldReader> written = spec.object("loadBalancer");
        if (written.isEmpty()) {
            return LoadBalancer.ROUND_ROBIN;
        }
        FieldReader lb = written.get();
        int set = (lb.has("roundRobin") ? 1 : 0) + (lb.has("leastRequest") ? 1 : 0) + (lb.has("ringHash") ? 1 : 0);
        if (set != 1) {
            if (set == 0) {
                lb.done(); // an unknown algorithm is named as an unknown field
            }
            throw new FieldException(lb.path(), set + " algorithms (expected: exactly one of roundRobin, "
                    + "leastRequest, ringHash)");
        }
        LoadBalancer result;
        if (lb.has("roundRobin")) {
            lb.object("roundRobin").orElseThrow().done();
            result = LoadBalancer.ROUND_ROBIN;
        } else if (lb.has("leastRequest")) {
            FieldReader lr = lb.object("leastRequest").orElseThrow();
            lr.intInRange("choiceCount", 2, 100);
            lr.done();
            result = new LoadBalancer(Algorithm.LEAST_REQUEST, Optional.empty(), Optional.empty());
        } else {
            result = ringHash(lb.object("ringHash").orElseThrow());
        }
        lb.done();
        return result;
    }

    private static LoadBalancer ringHash(FieldReader ring) {
        Optional<String> header = ring.string("header");
        Optional<String> cookie = Optional.empty();
        if (ring.has("cookie")) {
            FieldReader c = ring.object("cookie").orElseThrow();
            cookie = Optional.of(c.requiredString("name", "a cookie name"));
            c.string("ttl").ifPresent(ttl -> GoDuration.parse(ttl, c.path("ttl")));
            c.string("path");
            c.done();
        }
        ring.intInRange("minimumRingSize", 1, Integer.MAX_VALUE);
        ring.done();
        if (header.isPresent() == cookie.isPresent()) {
            throw new FieldException(ring.path(), (header.isPresent() ? "header and cookie" : "neither header nor "
                    + "cookie") + " (expected: exactly one of them)");
        }
        return new LoadBalancer(Algorithm.RING_HASH, header, cookie);
    }

    private static ConnectionPool connectionPool(FieldReader spec) {
        Optional<FieldReader> written = spec.object("connectionPool");
        if (written.isEmpty()) {
            return ConnectionPool.UNLIMITED;
        }
        FieldReader pool = written.get();
        int maxConnections = Integer.MAX_VALUE;
        Duration connectTimeout = ConnectionPool.UNLIMITED.connectTimeout();
        Optional<FieldReader> tcp = pool.object("tcp");
        if (tcp.isPresent()) {
            FieldReader t = tcp.get();
            maxConnections = t.intInRange("maxConnections", 1, Integer.MAX_VALUE).orElse(maxConnections);
            connectTimeout = duration(t, "connectTimeout").orElse(connectTimeout);
            duration(t, "idleTimeout");
            t.done();
        }
        int maxPending = Integer.MAX_VALUE;
        int perConnection = Integer.MAX_VALUE;
        Optional<FieldReader> http = pool.object("http");
        if (http.isPresent()) {
            FieldReader h = http.get();
            maxPending = h.intInRange("maxPendingRequests", 1, Integer.MAX_VALUE).orElse(maxPending);
            h.intInRange("maxRequests", 1, Integer.MAX_VALUE);
            int written0 = h.intInRange("maxRequestsPerConnection", 0, Integer.MAX_VALUE).orElse(0);
            perConnection = written0 == 0 ? Integer.MAX_VALUE : written0;
            duration(h, "idleTimeout");
            h.done();
        }
        pool.done();
        return new ConnectionPool(maxConnections, maxPending, perConnection, connectTimeout);
    }

    private static OutlierDetection outlierDetection(FieldReader od) {
        int consecutive5xx = disabledAsMax(od.intInRange("consecutive5xxErrors", 0, Integer.MAX_VALUE)
                .orElse(DEFAULT_CONSECUTIVE_5XX));
        int gatewayErrors = disabledAsMax(od.intInRange("consecutiveGatewayErrors", 0, Integer.MAX_VALUE).orElse(0));
        od.intInRange("consecutiveConnectFailures", 0, Integer.MAX_VALUE);
        Duration interval = duration(od, "interval").orElse(DEFAULT_INTERVAL);
        Duration baseEjection = duration(od, "baseEjectionTime").orElse(DEFAULT_BASE_EJECTION);
        int maxEjection = od.intInRange("maxEjectionPercent", 0, 100).orElse(DEFAULT_MAX_EJECTION_PERCENT);
        od.intInRange("minHealthPercent", 0, 100);
        od.done();
        return new OutlierDetection(consecutive5xx, gatewayErrors, interval, baseEjection, maxEjection);
    }

    private static Optional<Retry> retry(FieldReader retry) {
        int attempts = retry.requiredIntInRange("attempts", 0, 10);
        Duration perTry = duration(retry, "perTryTimeout").orElse(NO_PER_TRY_TIMEOUT);
        List<String> retryOn = retry.has("retryOn") ? retryOn(retry) : DEFAULT_RETRY_ON;
        int budget = DEFAULT_BUDGET_PERCENT;
        Optional<FieldReader> written = retry.object("budget");
        if (written.isPresent()) {
            FieldReader b = written.get();
            double percent = b.number("percent")
                    .orElseThrow(() -> new FieldException(b.path("percent"), "missing (expected: 0-100)"));
            if (percent < 0 || percent > 100) {
                throw FieldException.unexpected(b.path("percent"), percent, "0-100");
            }
            budget = (int) Math.round(percent);
            b.intInRange("minRetriesPerSecond", 0, Integer.MAX_VALUE);
            b.done();
        }
        retry.done();
        // attempts counts retries; the model counts tries. 0 retries is one try: no retry at all, which a
        // destination without any policy would not get (the waypoint retries once by default).
        return Optional.of(new Retry(attempts + 1, perTry, retryOn, budget));
    }

    private static List<String> retryOn(FieldReader retry) {
        List<String> values = retry.strings("retryOn");
        if (values.isEmpty()) {
            throw new FieldException(retry.path("retryOn"), "[] (expected: at least one condition)");
        }
        for (int i = 0; i < values.size(); i++) {
            if (!RETRY_ON.contains(values.get(i))) {
                throw FieldException.unexpected(retry.path("retryOn") + "[" + i + "]", values.get(i),
                        String.join(", ", RETRY_ON.stream().sorted().toList()));
            }
        }
        return values.stream().distinct().toList();
    }

    private static FaultInjection faultInjection(FieldReader fault) {
        int delayPercent = 0;
        Duration delay = Duration.ZERO;
        Optional<FieldReader> d = fault.object("delay");
        if (d.isPresent()) {
            delayPercent = d.get().requiredIntInRange("percent", 0, 100);
            FieldReader delayReader = d.get();
            delay = duration(delayReader, "fixedDelay").orElseThrow(() -> new FieldException(
                    delayReader.path("fixedDelay"), "missing (expected: a duration such as 500ms)"));
            delayReader.done();
        }
        int abortPercent = 0;
        int abortStatus = 0;
        Optional<FieldReader> a = fault.object("abort");
        if (a.isPresent()) {
            abortPercent = a.get().requiredIntInRange("percent", 0, 100);
            abortStatus = a.get().requiredIntInRange("httpStatus", 200, 599);
            a.get().done();
        }
        if (d.isEmpty() && a.isEmpty()) {
            throw new FieldException(fault.path(), "empty (expected: delay, abort or both)");
        }
        fault.done();
        return new FaultInjection(delayPercent, delay, abortPercent, abortStatus);
    }

    private static RateLimit rateLimit(FieldReader limit) {
        int perFill = limit.requiredIntInRange("tokensPerFill", 1, Integer.MAX_VALUE);
        Duration interval = duration(limit, "fillInterval").orElseThrow(() -> new FieldException(
                limit.path("fillInterval"), "missing (expected: a duration such as 1s)"));
        if (interval.isZero()) {
            throw FieldException.unexpected(limit.path("fillInterval"), "0s", "a duration > 0");
        }
        int max = limit.intInRange("maxTokens", 1, Integer.MAX_VALUE).orElse(perFill);
        limit.done();
        return new RateLimit(perFill, interval, max);
    }

    private static Optional<Duration> duration(FieldReader reader, String key) {
        return reader.string(key).map(value -> GoDuration.parse(value, reader.path(key)));
    }

    private static int disabledAsMax(int count) {
        return count == 0 ? Integer.MAX_VALUE : count;
    }
}
