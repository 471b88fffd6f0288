package dev.trellis.waypoint.proxy;

import dev.trellis.waypoint.resilience.TryOutcome;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Reads what a try came to from Netty's objects, for the resilience decisions; and a request's cookie. */
final class TryOutcomes {
    private static final String GRPC_STATUS = "grpc-status";

    private TryOutcomes() {
    }

    static TryOutcome of(FullHttpResponse response, Throwable failure) {
        if (failure == null) {
            return TryOutcome.response(response.status().code(), grpcStatus(response));
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof Upstreams.ConnectFailure) {
            return TryOutcome.failed(TryOutcome.Failure.CONNECT_FAILURE);
        }
        if (cause instanceof TimeoutException) {
            return TryOutcome.failed(TryOutcome.Failure.TIMEOUT);
        }
        return TryOutcome.failed(TryOutcome.Failure.RESET);
    }

    /** A short label for metrics: the failure, or the status (and gRPC status) that was retried. */
    static String reason(TryOutcome outcome) {
        if (outcome.failure().isPresent()) {
            return outcome.failure().get().name().toLowerCase(java.util.Locale.ROOT);
        }
        String status = Integer.toString(outcome.status().orElse(0));
        return outcome.grpcStatus().isPresent() ? status + "/grpc-" + outcome.grpcStatus().getAsInt() : status;
    }

    static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage();
    }

    static Optional<String> cookie(FullHttpRequest request, String name) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (c.name().equals(name)) {
                    return Optional.of(c.value());
                }
            }
        }
        return Optional.empty();
    }

    /** gRPC puts its status in the trailers, or in the headers of a trailers-only answer. */
    private static OptionalInt grpcStatus(FullHttpResponse response) {
        String value = response.trailingHeaders().get(GRPC_STATUS);
        if (value == null) {
            value = response.headers().get(GRPC_STATUS);
        }
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
