package dev.trellis.waypoint.route;

import dev.trellis.core.model.route.PathModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.StringMatch;

/**
 * Builds redirect locations and rewritten paths. A redirect keeps the request's scheme ({@code http}: the
 * tunnel carries plaintext HTTP), host, port and path except the parts the filter names. Without an explicit
 * port, a changed scheme takes its well-known port, else the service port is kept; a well-known port is left
 * out of the location.
 */
final class Redirects {

    private Redirects() {
    }

    static String location(RouteFilter.RequestRedirect r, RouteMatch match, Destination destination,
            RequestAttributes request) {
        String scheme = r.scheme().orElse("http");
        String host = r.hostname().orElse(request.host());
        int port;
        if (r.port().isPresent()) {
            port = r.port().getAsInt();
        } else if (r.scheme().isPresent()) {
            port = wellKnownPort(scheme);
        } else {
            port = request.hostPort().orElse(destination.port());
        }
        String path = r.path().map(p -> rewritePath(p, match, request.path())).orElse(request.path());
        String query = request.query().isEmpty() ? "" : "?" + request.query();
        String authority = port == wellKnownPort(scheme) ? host : host + ":" + port;
        return scheme + "://" + authority + path + query;
    }

    /** Applies a path modifier; a prefix replacement swaps the segments the rule's prefix matched. */
    static String rewritePath(PathModifier modifier, RouteMatch match, String path) {
        return switch (modifier) {
            case PathModifier.ReplaceFullPath full -> full.path();
            case PathModifier.ReplacePrefixMatch prefix -> replacePrefix(prefix.prefix(), match, path);
        };
    }

    private static String replacePrefix(String replacement, RouteMatch match, String path) {
        String matched = match.path().map(p -> p instanceof StringMatch.PathPrefix pp ? pp.value() : "/").orElse("/");
        if (matched.endsWith("/")) {
            matched = matched.substring(0, matched.length() - 1);
        }
        String rest = path.substring(Math.min(matched.length(), path.length()));
        if (replacement.endsWith("/") && rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        String result = replacement + rest;
        return result.isEmpty() ? "/" : result;
    }

    private static int wellKnownPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
