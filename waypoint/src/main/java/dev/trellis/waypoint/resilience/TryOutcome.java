package dev.trellis.waypoint.resilience;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one upstream try came to: a response (HTTP status, and the gRPC status when there is one), or a
 * failure before any response.
 */
public record TryOutcome(OptionalInt status, OptionalInt grpcStatus, Optional<Failure> failure) {

    /** How a try can fail without a response. */
    public enum Failure {
        /** The tunnel to the endpoint could not be opened. */
        CONNECT_FAILURE,
        /** The tunnel or stream was reset or closed before a whole response. */
        RESET,
        /** The per-try timeout fired first. */
        TIMEOUT
    }

    public static TryOutcome response(int status, OptionalInt grpcStatus) {
        return new TryOutcome(OptionalInt.of(status), grpcStatus, Optional.empty());
    }

    public static TryOutcome failed(Failure failure) {
        return new TryOutcome(OptionalInt.empty(), OptionalInt.empty(), Optional.of(failure));
    }

    /** A failure or a 5xx answer: what outlier detection's {@code consecutive5xxErrors} counts. */
    public boolean is5xx() {
        return failure.isPresent() || status.orElse(0) >= 500;
    }

    /** A failure, 502, 503 or 504: what {@code consecutiveGatewayErrors} counts. */
    public boolean isGatewayError() {
        int s = status.orElse(0);
        return failure.isPresent() || s == 502 || s == 503 || s == 504;
    }
}
