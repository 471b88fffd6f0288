package dev.trellis.core.discovery;

import dev.trellis.api.discovery.v1.ConnectionPool;
import dev.trellis.api.discovery.v1.LoadBalancer;
import dev.trellis.api.discovery.v1.OutlierDetection;
import dev.trellis.api.discovery.v1.Retry;
import dev.trellis.core.model.TrafficPolicy;
import java.time.Duration;
import java.util.Optional;

/** TrafficPolicy ↔ protobuf. On the wire zero means "no limit" / "default", in the model MAX_VALUE does. */
final class TrafficPolicyCodec {
    private TrafficPolicyCodec() {
    }

    static dev.trellis.api.discovery.v1.TrafficPolicy encode(TrafficPolicy p) {
        var b = dev.trellis.api.discovery.v1.TrafficPolicy.newBuilder()
                .setLoadBalancer(LoadBalancer.newBuilder()
                        .setAlgorithm(LoadBalancer.Algorithm.valueOf(p.loadBalancer().algorithm().name()))
                        .setHashHeader(p.loadBalancer().hashHeader().orElse(""))
                        .setHashCookie(p.loadBalancer().hashCookie().orElse("")))
                .setConnectionPool(ConnectionPool.newBuilder()
                        .setMaxConnections(limit(p.connectionPool().maxConnections()))
                        .setMaxPendingRequests(limit(p.connectionPool().maxPendingRequests()))
                        .setMaxRequestsPerConnection(limit(p.connectionPool().maxRequestsPerConnection()))
                        .setConnectTimeoutMillis(p.connectionPool().connectTimeout().toMillis()));
        p.outlierDetection().ifPresent(o -> b.setOutlierDetection(OutlierDetection.newBuilder()
                .setConsecutive5Xx(o.consecutive5xx()).setConsecutiveGatewayErrors(o.consecutiveGatewayErrors())
                .setIntervalMillis(o.interval().toMillis())
                .setBaseEjectionTimeMillis(o.baseEjectionTime().toMillis())
                .setMaxEjectionPercent(o.maxEjectionPercent())));
        p.retry().ifPresent(r -> b.setRetry(Retry.newBuilder().setAttempts(r.attempts())
                .setPerTryTimeoutMillis(r.perTryTimeout().toMillis()).addAllRetryOn(r.retryOn())
                .setBudgetPercent(r.budgetPercent())));
        p.faultInjection().ifPresent(f -> b.setFaultInjection(dev.trellis.api.discovery.v1.FaultInjection.newBuilder()
                .setDelayPercent(f.delayPercent()).setDelayMillis(f.delay().toMillis())
                .setAbortPercent(f.abortPercent()).setAbortStatus(f.abortStatus())));
        p.rateLimit().ifPresent(l -> b.setRateLimit(dev.trellis.api.discovery.v1.RateLimit.newBuilder()
                .setTokensPerFill(l.tokensPerFill()).setFillIntervalMillis(l.fillInterval().toMillis())
                .setMaxTokens(l.maxTokens())));
        return b.build();
    }

    static TrafficPolicy decode(dev.trellis.api.discovery.v1.TrafficPolicy p) {
        var lb = p.getLoadBalancer();
        if (lb.getAlgorithm() == LoadBalancer.Algorithm.UNRECOGNIZED) {
            throw new InvalidResourceException("trafficPolicy.loadBalancer.algorithm: unknown value");
        }
        var cp = p.getConnectionPool();
        TrafficPolicy.ConnectionPool pool = new TrafficPolicy.ConnectionPool(
                unlimited(cp.getMaxConnections()), unlimited(cp.getMaxPendingRequests()),
                unlimited(cp.getMaxRequestsPerConnection()),
                cp.getConnectTimeoutMillis() == 0 ? TrafficPolicy.ConnectionPool.UNLIMITED.connectTimeout()
                        : Duration.ofMillis(cp.getConnectTimeoutMillis()));
        Optional<TrafficPolicy.OutlierDetection> outlier = Optional.empty();
        if (p.hasOutlierDetection()) {
            var o = p.getOutlierDetection();
            outlier = Optional.of(new TrafficPolicy.OutlierDetection(o.getConsecutive5Xx(),
                    o.getConsecutiveGatewayErrors(), Duration.ofMillis(o.getIntervalMillis()),
                    Duration.ofMillis(o.getBaseEjectionTimeMillis()), o.getMaxEjectionPercent()));
        }
        Optional<TrafficPolicy.Retry> retry = Optional.empty();
        if (p.hasRetry()) {
            var r = p.getRetry();
            retry = Optional.of(new TrafficPolicy.Retry(r.getAttempts(), Duration.ofMillis(r.getPerTryTimeoutMillis()),
                    r.getRetryOnList(), r.getBudgetPercent()));
        }
        Optional<TrafficPolicy.FaultInjection> fault = Optional.empty();
        if (p.hasFaultInjection()) {
            var f = p.getFaultInjection();
            fault = Optional.of(new TrafficPolicy.FaultInjection(f.getDelayPercent(),
                    Duration.ofMillis(f.getDelayMillis()), f.getAbortPercent(), f.getAbortStatus()));
        }
        Optional<TrafficPolicy.RateLimit> rateLimit = Optional.empty();
        if (p.hasRateLimit()) {
            var l = p.getRateLimit();
            rateLimit = Optional.of(new TrafficPolicy.RateLimit(l.getTokensPerFill(),
                    Duration.ofMillis(l.getFillIntervalMillis()), l.getMaxTokens()));
        }
        return new TrafficPolicy(new TrafficPolicy.LoadBalancer(
                TrafficPolicy.Algorithm.valueOf(lb.getAlgorithm().name()),
                lb.getHashHeader().isEmpty() ? Optional.empty() : Optional.of(lb.getHashHeader()),
                lb.getHashCookie().isEmpty() ? Optional.empty() : Optional.of(lb.getHashCookie())),
                pool, outlier, retry, fault, rateLimit);
    }

    private static int limit(int value) {
        return value == Integer.MAX_VALUE ? 0 : value;
    }

    private static int unlimited(int wire) {
        if (wire < 0) {
            throw new InvalidResourceException("trafficPolicy.connectionPool: limit " + Integer.toUnsignedString(wire)
                    + " (expected: at most " + Integer.MAX_VALUE + ")");
        }
        return wire == 0 ? Integer.MAX_VALUE : wire;
    }
}
