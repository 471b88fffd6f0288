package dev.trellis.waypoint.route;

import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.HeaderModifier;
import dev.trellis.core.model.route.ParentRef;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.RouteRule;
import dev.trellis.core.model.route.RouteTimeouts;
import dev.trellis.core.model.route.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Chooses what happens to a request, with Gateway API mesh (GAMMA) semantics:
 * <ul>
 *   <li>routes attach to a service port through a parentRef; a parentRef without port covers every port;</li>
 *   <li>a consumer route (outside the service's namespace) applies only to callers of its own namespace, and
 *       when one applies, the producer routes do not;</li>
 *   <li>no route applies: the request goes to the service itself (passthrough);</li>
 *   <li>routes apply but no rule matches: 404;</li>
 *   <li>among matching rules the most specific wins: exact path, then the longest prefix, then method, then
 *       the most headers, then the most query parameters; ties go to the route listed first.</li>
 * </ul>
 * Stateless apart from the injected random source (for the weighted backend choice).
 */
public final class Router {

    private final RandomGenerator random;

    public Router(RandomGenerator random) {
        this.random = random;
    }

    public RoutingDecision route(List<CompiledRoute> routes, Destination destination, String callerNamespace,
            RequestAttributes request) {
        List<CompiledRoute> applicable = applicable(routes, destination, callerNamespace);
        if (applicable.isEmpty()) {
            return passthrough(destination, request);
        }
        Candidate best = null;
        for (CompiledRoute route : applicable) {
            for (RouteRule rule : route.rules()) {
                for (RouteMatch match : rule.matches()) {
                    if (RequestMatcher.matches(match, request)) {
                        Candidate c = new Candidate(route, rule, match, Specificity.of(match));
                        if (best == null || c.specificity().compareTo(best.specificity()) > 0) {
                            best = c;
                        }
                    }
                }
            }
        }
        if (best == null) {
            return new RoutingDecision.Refuse(404, "no rule of " + names(applicable) + " matches "
                    + request.method() + " " + request.path());
        }
        return apply(best, destination, request);
    }

    private static List<CompiledRoute> applicable(List<CompiledRoute> routes, Destination destination,
            String callerNamespace) {
        List<CompiledRoute> producers = new ArrayList<>();
        List<CompiledRoute> consumers = new ArrayList<>();
        for (CompiledRoute route : routes) {
            for (ParentRef parent : route.parents()) {
                if (!parent.covers(destination.service(), destination.port())) {
                    continue;
                }
                if (!route.isConsumerRouteFor(parent)) {
                    producers.add(route);
                } else if (route.appliesTo(parent, callerNamespace)) {
                    consumers.add(route);
                }
                break;
            }
        }
        return consumers.isEmpty() ? producers : consumers;
    }

    private static RoutingDecision passthrough(Destination destination, RequestAttributes request) {
        return new RoutingDecision.Forward(new BackendRef(destination.service(), destination.port(), 1),
                Optional.empty(), pathAndQuery(request.path(), request), hostHeader(request), List.of(), List.of(),
                List.of(), RouteTimeouts.NONE);
    }

    private RoutingDecision apply(Candidate c, Destination destination, RequestAttributes request) {
        String routeName = c.route().displayName();
        List<HeaderModifier> requestHeaders = new ArrayList<>();
        List<HeaderModifier> responseHeaders = new ArrayList<>();
        List<RouteFilter.RequestMirror> mirrors = new ArrayList<>();
        String path = request.path();
        String host = hostHeader(request);
        for (RouteFilter filter : c.rule().filters()) {
            switch (filter) {
                case RouteFilter.RequestRedirect r -> {
                    return new RoutingDecision.Redirect(r.statusCode(),
                            Redirects.location(r, c.match(), destination, request), routeName);
                }
                case RouteFilter.UrlRewrite w -> {
                    path = w.path().map(p -> Redirects.rewritePath(p, c.match(), request.path())).orElse(path);
                    host = w.hostname().orElse(host);
                }
                case RouteFilter.RequestHeaders h -> requestHeaders.add(h.modifier());
                case RouteFilter.ResponseHeaders h -> responseHeaders.add(h.modifier());
                case RouteFilter.RequestMirror m -> mirrors.add(m);
            }
        }
        Optional<BackendRef> backend = pick(c.rule());
        if (backend.isEmpty()) {
            return new RoutingDecision.Refuse(500, routeName + ": the matching rule has no backend with weight > 0");
        }
        return new RoutingDecision.Forward(backend.get(), Optional.of(routeName), pathAndQuery(path, request), host,
                requestHeaders, responseHeaders, mirrors, c.rule().timeouts());
    }

    /** A backend chosen at random in proportion to the weights; empty if every weight is 0. */
    Optional<BackendRef> pick(RouteRule rule) {
        long total = rule.totalWeight();
        if (total == 0) {
            return Optional.empty();
        }
        long r = random.nextLong(total);
        for (BackendRef b : rule.backends()) {
            r -= b.weight();
            if (r < 0) {
                return Optional.of(b);
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }

    private static String pathAndQuery(String path, RequestAttributes request) {
        return request.query().isEmpty() ? path : path + "?" + request.query();
    }

    private static String hostHeader(RequestAttributes request) {
        return request.hostPort().map(p -> request.host() + ":" + p).orElse(request.host());
    }

    private static String names(List<CompiledRoute> routes) {
        return routes.stream().map(CompiledRoute::displayName).toList().toString();
    }

    private record Candidate(CompiledRoute route, RouteRule rule, RouteMatch match, Specificity specificity) {
    }

    /** Gateway API precedence between matching rules, as a comparable value. */
    private record Specificity(int pathKind, int pathLength, int method, int headers, int queryParams)
            implements Comparable<Specificity> {

        static Specificity of(RouteMatch m) {
            int kind = m.path().map(p -> switch (p) {
                case StringMatch.Exact e -> 3;
                case StringMatch.Regex r -> 2;
                case StringMatch.PathPrefix pp -> 1;
            }).orElse(m.grpc().isPresent() ? 3 : 0);
            int length = m.path().map(p -> p instanceof StringMatch.PathPrefix pp ? pp.value().length() : 0).orElse(0);
            return new Specificity(kind, length, m.method().isPresent() ? 1 : 0, m.headers().size(),
                    m.queryParams().size());
        }

        @Override
        public int compareTo(Specificity o) {
            int c = Integer.compare(pathKind, o.pathKind);
            c = c != 0 ? c : Integer.compare(pathLength, o.pathLength);
            c = c != 0 ? c : Integer.compare(method, o.method);
            c = c != 0 ? c : Integer.compare(headers, o.headers);
            return c != 0 ? c : Integer.compare(queryParams, o.queryParams);
        }
    }
}
