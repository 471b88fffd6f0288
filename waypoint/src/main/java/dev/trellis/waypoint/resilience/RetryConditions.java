package dev.trellis.waypoint.resilience;

import java.util.List;
import java.util.Map;

/**
 * The {@code retryOn} conditions of a TrafficPolicy, matched against a try's outcome. HTTP conditions look at
 * the status or the failure; gRPC ones at the {@code grpc-status} the backend answered.
 */
public final class RetryConditions {
    /** A destination without a retry policy: retry what cannot have reached the application, and 503. */
    public static final List<String> DEFAULT = List.of("connect-failure", "refused-stream", "reset", "gateway-error");

    private static final Map<String, Integer> GRPC_CODES = Map.of(
            "cancelled", 1, "deadline-exceeded", 4, "resource-exhausted", 8, "unavailable", 14);

    private RetryConditions() {
    }

    /** Whether any of {@code retryOn} holds for {@code outcome}; unknown names never hold. */
    public static boolean retriable(List<String> retryOn, TryOutcome outcome) {
        for (String condition : retryOn) {
            if (holds(condition, outcome)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(String condition, TryOutcome o) {
        TryOutcome.Failure failure = o.failure().orElse(null);
        return switch (condition) {
            case "connect-failure" -> failure == TryOutcome.Failure.CONNECT_FAILURE;
            // A stream refused by the peer never reached the application: like a reset before any answer.
            case "refused-stream", "reset" -> failure == TryOutcome.Failure.RESET
                    || failure == TryOutcome.Failure.TIMEOUT;
            case "5xx" -> o.is5xx();
            case "gateway-error" -> o.isGatewayError();
            case "retriable-4xx" -> o.status().orElse(0) == 409;
            default -> {
                Integer code = GRPC_CODES.get(condition);
                yield code != null && o.grpcStatus().isPresent() && o.grpcStatus().getAsInt() == code;
            }
        };
    }
}
