package dev.trellis.waypoint.route;

import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.HeaderModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteTimeouts;
import java.util.List;
import java.util.Optional;

/** What the waypoint does with one request. */
public sealed interface RoutingDecision {

    /**
     * Send upstream to {@code backend}.
     *
     * @param route the route that chose it ({@code HTTPRoute ns/name}), or empty for passthrough
     * @param path the path (and query) to send, after any rewrite
     * @param host the Host to send, after any rewrite
     * @param requestHeaders header modifications to apply, in order
     * @param responseHeaders header modifications for the response, in order
     * @param mirrors mirror filters of the rule
     */
    record Forward(BackendRef backend, Optional<String> route, String path, String host,
            List<HeaderModifier> requestHeaders, List<HeaderModifier> responseHeaders,
            List<RouteFilter.RequestMirror> mirrors, RouteTimeouts timeouts) implements RoutingDecision {
        public Forward {
            requestHeaders = List.copyOf(requestHeaders);
            responseHeaders = List.copyOf(responseHeaders);
            mirrors = List.copyOf(mirrors);
        }
    }

    /** Answer with a redirect to {@code location}. */
    record Redirect(int status, String location, String route) implements RoutingDecision {
    }

    /** Answer with an error status (404 no rule matched; 500 a rule without usable backends). */
    record Refuse(int status, String reason) implements RoutingDecision {
    }
}
