package dev.trellis.core.model.route.compile;

/**
 * A route object that cannot be compiled. The message names the route, the field path and the problem, e.g.
 * {@code HTTPRoute default/canary: spec.rules[0].backendRefs[1].weight: -1 (expected: 0-1000000)}.
 */
public final class RouteValidationException extends Exception {

    private final String field;

    RouteValidationException(String route, String field, String problem) {
        super(route + ": " + field + ": " + problem);
        this.field = field;
    }

    /** The path of the offending field, e.g. {@code spec.rules[0].matches[1].path.value}. */
    public String field() {
        return field;
    }
}
