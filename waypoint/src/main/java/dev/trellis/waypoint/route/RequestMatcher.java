package dev.trellis.waypoint.route;

import dev.trellis.core.model.route.NamedMatch;
import dev.trellis.core.model.route.RouteMatch;
import java.util.List;

/** Whether one {@link RouteMatch} matches a request: every present part must. */
final class RequestMatcher {

    private RequestMatcher() {
    }

    static boolean matches(RouteMatch match, RequestAttributes request) {
        if (match.path().isPresent() && !match.path().get().matches(request.path())) {
            return false;
        }
        if (match.method().isPresent() && !match.method().get().equals(request.method())) {
            return false;
        }
        for (NamedMatch h : match.headers()) {
            String value = request.headers().get(h.name());
            if (value == null || !h.value().matches(value)) {
                return false;
            }
        }
        for (NamedMatch q : match.queryParams()) {
            List<String> values = request.queryParams().get(q.name());
            if (values == null || values.isEmpty() || !q.value().matches(values.get(0))) {
                return false;
            }
        }
        return match.grpc().isEmpty() || grpcMatches(match.grpc().get(), request.path());
    }

    /** gRPC paths are {@code /<package.Service>/<Method>}. */
    private static boolean grpcMatches(RouteMatch.GrpcMethodMatch grpc, String path) {
        int slash = path.indexOf('/', 1);
        if (!path.startsWith("/") || slash < 0) {
            return false;
        }
        String service = path.substring(1, slash);
        String method = path.substring(slash + 1);
        return grpc.service().map(s -> s.matches(service)).orElse(true)
                && grpc.method().map(m -> m.matches(method)).orElse(true);
    }
}
