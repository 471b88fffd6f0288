package dev.trellis.core.model.route;

import java.util.List;
import java.util.Objects;

/**
 * An {@code HTTPRoute} or {@code GRPCRoute}, compiled and validated.
 *
 * <p>Scoping (GAMMA): a route in the namespace of the service it attaches to is a <em>producer</em> route
 * and applies to every caller; a route in another namespace is a <em>consumer</em> route and applies only to
 * callers from the route's own namespace.
 */
public record CompiledRoute(RouteKind kind, String namespace, String name, List<ParentRef> parents,
        List<RouteRule> rules) {

    public CompiledRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        parents = List.copyOf(parents);
        rules = List.copyOf(rules);
    }

    /** Whether this route is a consumer route for {@code parent} (it lives outside the service's namespace). */
    public boolean isConsumerRouteFor(ParentRef parent) {
        return !namespace.equals(parent.service().namespace());
    }

    /** Whether this route applies to a caller from {@code callerNamespace} when attached by {@code parent}. */
    public boolean appliesTo(ParentRef parent, String callerNamespace) {
        return !isConsumerRouteFor(parent) || namespace.equals(callerNamespace);
    }

    /** {@code HTTPRoute ns/name}, as messages name it. */
    public String displayName() {
        return kind.kindName() + " " + namespace + "/" + name;
    }
}
