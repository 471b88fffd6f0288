package dev.trellis.core.model.route.compile;

import dev.trellis.core.model.route.HeaderModifier;
import dev.trellis.core.model.route.PathModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.StringMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Compiles the {@code filters} entries of a rule. */
final class FilterCompiler {

    RouteFilter compile(Node filter, String namespace, List<RouteMatch> matches) throws RouteValidationException {
        String type = filter.child("type").string();
        return switch (type) {
            case "RequestHeaderModifier" -> new RouteFilter.RequestHeaders(headers(filter.child("requestHeaderModifier")));
            case "ResponseHeaderModifier" ->
                    new RouteFilter.ResponseHeaders(headers(filter.child("responseHeaderModifier")));
            case "RequestRedirect" -> redirect(filter.child("requestRedirect"), matches);
            case "URLRewrite" -> rewrite(filter.child("urlRewrite"), matches);
            case "RequestMirror" -> mirror(filter.child("requestMirror"), namespace);
            default -> throw filter.child("type").fail("'" + type + "' (expected: RequestHeaderModifier, "
                    + "ResponseHeaderModifier, RequestRedirect, URLRewrite or RequestMirror)");
        };
    }

    private static HeaderModifier headers(Node m) throws RouteValidationException {
        if (!m.present()) {
            throw m.fail("missing (expected: set, add and/or remove)");
        }
        List<String> remove = new ArrayList<>();
        for (Node r : m.child("remove").list()) {
            remove.add(r.string().toLowerCase(Locale.ROOT));
        }
        return new HeaderModifier(pairs(m.child("set")), pairs(m.child("add")), remove);
    }

    private static Map<String, String> pairs(Node list) throws RouteValidationException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node p : list.list()) {
            out.put(p.child("name").string().toLowerCase(Locale.ROOT), p.child("value").optionalString().orElse(""));
        }
        return out;
    }

    private static RouteFilter redirect(Node r, List<RouteMatch> matches) throws RouteValidationException {
        Optional<String> scheme = r.child("scheme").optionalString();
        if (scheme.isPresent() && !scheme.get().equals("http") && !scheme.get().equals("https")) {
            throw r.child("scheme").fail("'" + scheme.get() + "' (expected: http or https)");
        }
        OptionalInt port = r.child("port").optionalInt(1, 65535).map(OptionalInt::of).orElse(OptionalInt.empty());
        int status = r.child("statusCode").optionalInt(100, 599).orElse(302);
        if (status != 301 && status != 302) {
            throw r.child("statusCode").fail(status + " (expected: 301 or 302)");
        }
        return new RouteFilter.RequestRedirect(scheme, r.child("hostname").optionalString(),
                path(r.child("path"), matches), port, status);
    }

    private static RouteFilter rewrite(Node r, List<RouteMatch> matches) throws RouteValidationException {
        return new RouteFilter.UrlRewrite(r.child("hostname").optionalString(), path(r.child("path"), matches));
    }

    private static Optional<PathModifier> path(Node p, List<RouteMatch> matches) throws RouteValidationException {
        if (!p.present()) {
            return Optional.empty();
        }
        String type = p.child("type").string();
        return Optional.of(switch (type) {
            case "ReplaceFullPath" -> new PathModifier.ReplaceFullPath(p.child("replaceFullPath").string());
            case "ReplacePrefixMatch" -> {
                for (RouteMatch m : matches) {
                    if (m.path().isEmpty() || !(m.path().get() instanceof StringMatch.PathPrefix)) {
                        throw p.child("type").fail("ReplacePrefixMatch on a rule whose matches are not all "
                                + "PathPrefix (expected: every match of the rule a PathPrefix)");
                    }
                }
                yield new PathModifier.ReplacePrefixMatch(p.child("replacePrefixMatch").optionalString().orElse("/"));
            }
            default -> throw p.child("type").fail("'" + type + "' (expected: ReplaceFullPath or ReplacePrefixMatch)");
        });
    }

    private static RouteFilter mirror(Node m, String namespace) throws RouteValidationException {
        int percent = m.child("percent").optionalInt(0, 100).orElse(100);
        return new RouteFilter.RequestMirror(RouteCompiler.backend(m.child("backendRef"), namespace), percent);
    }
}
