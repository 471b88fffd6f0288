package dev.trellis.core.model.route;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Gateway API rule timeouts: {@code request} bounds the whole exchange including retries,
 * {@code backendRequest} each try. Absent means no limit.
 */
public record RouteTimeouts(Optional<Duration> request, Optional<Duration> backendRequest) {

    public static final RouteTimeouts NONE = new RouteTimeouts(Optional.empty(), Optional.empty());

    public RouteTimeouts {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(backendRequest, "backendRequest");
    }
}
