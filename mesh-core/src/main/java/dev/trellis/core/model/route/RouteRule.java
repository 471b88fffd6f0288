package dev.trellis.core.model.route;

import java.util.List;
import java.util.Objects;

/**
 * One rule: when any match matches, the filters apply and the request goes to one backend chosen by weight.
 * A rule with no backends (or only weight 0) answers 500, unless a redirect filter answers first.
 */
public record RouteRule(List<RouteMatch> matches, List<RouteFilter> filters, List<BackendRef> backends,
        RouteTimeouts timeouts) {

    public RouteRule {
        matches = List.copyOf(matches);
        filters = List.copyOf(filters);
        backends = List.copyOf(backends);
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** The sum of the backend weights. */
    public long totalWeight() {
        long sum = 0;
        for (BackendRef b : backends) {
            sum += b.weight();
        }
        return sum;
    }
}
