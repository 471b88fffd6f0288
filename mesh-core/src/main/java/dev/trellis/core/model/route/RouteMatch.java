package dev.trellis.core.model.route;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One match of a rule: every present part must match (AND). A rule matches when any of its matches does
 * (OR).
 *
 * @param path the path match (HTTPRoute; for GRPCRoute the compiler leaves it empty and fills {@code grpc})
 * @param headers header matches, all must match
 * @param queryParams query parameter matches, all must match
 * @param method the HTTP method, if restricted
 * @param grpc the gRPC service and method, if restricted (GRPCRoute)
 */
public record RouteMatch(Optional<StringMatch> path, List<NamedMatch> headers, List<NamedMatch> queryParams,
        Optional<String> method, Optional<GrpcMethodMatch> grpc) {

    /** Matches every request (an HTTPRoute rule without matches gets this: prefix {@code /}). */
    public static final RouteMatch ANY = new RouteMatch(Optional.of(new StringMatch.PathPrefix("/")), List.of(),
            List.of(), Optional.empty(), Optional.empty());

    public RouteMatch {
        Objects.requireNonNull(path, "path");
        headers = List.copyOf(headers);
        queryParams = List.copyOf(queryParams);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(grpc, "grpc");
    }

    /**
     * gRPC service and method, each optional (absent matches any). Service is the fully qualified name,
     * e.g. {@code trellis.echo.Echo}; a request path is {@code /<service>/<method>}.
     */
    public record GrpcMethodMatch(Optional<StringMatch> service, Optional<StringMatch> method) {
        public GrpcMethodMatch {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(method, "method");
        }
    }
}
