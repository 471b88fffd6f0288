package dev.trellis.controlplane.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks {@code authorization: Bearer <token>} on every call of the services it guards and puts the
 * holder's name in the call's context ({@link #CALLER}); a call without a known token fails UNAUTHENTICATED
 * before reaching the service. The tokens are read through a supplier, so a reloaded file takes effect
 * for the next call.
 */
public final class BearerAuthentication implements ServerInterceptor {
    public static final Context.Key<String> CALLER = Context.key("trellis-caller");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Supplier<BearerTokens> tokens;
    private final Function<String, Optional<String>> fallback;

    public BearerAuthentication(Supplier<BearerTokens> tokens) {
        this(tokens, token -> Optional.empty());
    }

    /**
     * Also accepts tokens {@code fallback} names a caller for (in Kubernetes mode: a TokenReview), asked only
     * when the token files do not know the token.
     */
    public BearerAuthentication(Supplier<BearerTokens> tokens, Function<String, Optional<String>> fallback) {
        this.tokens = tokens;
        this.fallback = fallback;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Optional<String> holder = Optional.ofNullable(headers.get(AUTHORIZATION))
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip())
                .flatMap(t -> tokens.get().holder(t).or(() -> fallback.apply(t)));
        if (holder.isEmpty()) {
            call.close(Status.UNAUTHENTICATED.withDescription(headers.containsKey(AUTHORIZATION)
                    ? "the bearer token is not known to this control plane"
                    : "no bearer token (expected: authorization: Bearer <token>)"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, holder.get()), call, headers, next);
    }
}
