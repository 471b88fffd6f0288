package dev.trellis.waypoint.resilience;

import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy.OutlierDetection;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Passive health checking: an endpoint that answers {@code consecutive5xx} failures or 5xx in a row (or
 * {@code consecutiveGatewayErrors} of 502/503/504 and failures) is ejected, so that no request is sent to it,
 * for the base ejection time multiplied by how many times it was ejected (capped at {@link #MAX_EJECTION}).
 * When its time is up it gets traffic again; each {@code interval} it then stays healthy takes one off the
 * multiplier. At most {@code maxEjectionPercent} of a destination's endpoints are ejected at once, but at least
 * one may be (0 % turns ejection off). Thread-safe (one lock: the work per call is a few field updates).
 */
public final class OutlierDetector {
    static final Duration MAX_EJECTION = Duration.ofMinutes(5);

    private final Clock clock;
    private final Consumer<Ejection> onEjection;
    private final Map<ServiceKey, Map<InetAddress, Health>> services = new HashMap<>();

    /** One ejection, for metrics and the log. */
    public record Ejection(Service service, InetAddress endpoint, Duration duration, int times) {
    }

    private static final class Health {
        int consecutive5xx;
        int consecutiveGatewayErrors;
        int ejections;
        Instant ejectedUntil = Instant.MIN;
        Instant healthySince = Instant.MIN;
    }

    public OutlierDetector(Clock clock, Consumer<Ejection> onEjection) {
        this.clock = clock;
        this.onEjection = onEjection;
    }

    /** Counts one try's outcome at {@code endpoint} of {@code service}. */
    public synchronized void record(Service service, InetAddress endpoint, TryOutcome outcome,
            OutlierDetection policy) {
        Instant now = clock.instant();
        Health h = services.computeIfAbsent(service.key(), k -> new HashMap<>())
                .computeIfAbsent(endpoint, k -> new Health());
        if (!outcome.is5xx()) {
            h.consecutive5xx = 0;
            h.consecutiveGatewayErrors = 0;
            decay(h, policy, now);
            return;
        }
        h.consecutive5xx++;
        h.consecutiveGatewayErrors = outcome.isGatewayError() ? h.consecutiveGatewayErrors + 1 : 0;
        boolean tripped = h.consecutive5xx >= policy.consecutive5xx()
                || h.consecutiveGatewayErrors >= policy.consecutiveGatewayErrors();
        if (tripped && !h.ejectedUntil.isAfter(now)
                && ejectedCount(service.key(), now) < allowed(policy, service.endpoints().size())) {
            eject(service, endpoint, h, policy, now);
        }
    }

    /** The endpoints of {@code service} that must get no request now. */
    public synchronized Set<InetAddress> ejected(ServiceKey service) {
        Instant now = clock.instant();
        Set<InetAddress> out = new HashSet<>();
        services.getOrDefault(service, Map.of()).forEach((address, h) -> {
            if (h.ejectedUntil.isAfter(now)) {
                out.add(address);
            }
        });
        return out;
    }

    private void eject(Service service, InetAddress endpoint, Health h, OutlierDetection policy, Instant now) {
        h.ejections++;
        Duration duration = policy.baseEjectionTime().multipliedBy(h.ejections);
        if (duration.compareTo(MAX_EJECTION) > 0) {
            duration = MAX_EJECTION;
        }
        h.ejectedUntil = now.plus(duration);
        h.healthySince = h.ejectedUntil;
        h.consecutive5xx = 0;
        h.consecutiveGatewayErrors = 0;
        onEjection.accept(new Ejection(service, endpoint, duration, h.ejections));
    }

    private static void decay(Health h, OutlierDetection policy, Instant now) {
        if (h.ejections > 0 && !policy.interval().isZero()
                && !now.isBefore(h.healthySince.plus(policy.interval()))) {
            h.ejections--;
            h.healthySince = now;
        }
    }

    private int ejectedCount(ServiceKey service, Instant now) {
        int n = 0;
        for (Health h : services.getOrDefault(service, Map.of()).values()) {
            if (h.ejectedUntil.isAfter(now)) {
                n++;
            }
        }
        return n;
    }

    private static int allowed(OutlierDetection policy, int endpoints) {
        if (policy.maxEjectionPercent() == 0) {
            return 0;
        }
        return Math.max(1, endpoints * policy.maxEjectionPercent() / 100);
    }
}
