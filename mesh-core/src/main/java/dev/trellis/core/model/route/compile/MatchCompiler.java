package dev.trellis.core.model.route.compile;

import dev.trellis.core.model.route.NamedMatch;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.RouteMatch.GrpcMethodMatch;
import dev.trellis.core.model.route.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles the {@code matches} entries of HTTPRoute and GRPCRoute rules. */
final class MatchCompiler {

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    RouteMatch http(Node match) throws RouteValidationException {
        Optional<StringMatch> path = Optional.of(new StringMatch.PathPrefix("/"));
        Node p = match.child("path");
        if (p.present()) {
            path = Optional.of(path(p));
        }
        Optional<String> method = match.child("method").optionalString();
        if (method.isPresent() && !METHODS.contains(method.get())) {
            throw match.child("method").fail("'" + method.get() + "' (expected: one of " + METHODS + ")");
        }
        return new RouteMatch(path, named(match.child("headers"), true), named(match.child("queryParams"), false),
                method, Optional.empty());
    }

    RouteMatch grpc(Node match) throws RouteValidationException {
        Optional<GrpcMethodMatch> grpc = Optional.empty();
        Node m = match.child("method");
        if (m.present()) {
            String type = m.child("type").optionalString().orElse("Exact");
            Optional<StringMatch> service = grpcName(m.child("service"), type);
            Optional<StringMatch> method = grpcName(m.child("method"), type);
            if (service.isEmpty() && method.isEmpty()) {
                throw m.fail("neither service nor method (expected: at least one)");
            }
            grpc = Optional.of(new GrpcMethodMatch(service, method));
        }
        return new RouteMatch(Optional.empty(), named(match.child("headers"), true), List.of(), Optional.empty(),
                grpc);
    }

    private static StringMatch path(Node p) throws RouteValidationException {
        String type = p.child("type").optionalString().orElse("PathPrefix");
        String value = p.child("value").optionalString().orElse("/");
        Node valueNode = p.child("value");
        return switch (type) {
            case "Exact", "PathPrefix" -> {
                if (!value.startsWith("/")) {
                    throw valueNode.fail("'" + value + "' (expected: a path starting with /)");
                }
                yield type.equals("Exact") ? new StringMatch.Exact(value) : new StringMatch.PathPrefix(value);
            }
            case "RegularExpression" -> regex(valueNode, value);
            default -> throw p.child("type").fail(
                    "'" + type + "' (expected: Exact, PathPrefix or RegularExpression)");
        };
    }

    private static List<NamedMatch> named(Node list, boolean header) throws RouteValidationException {
        List<NamedMatch> out = new ArrayList<>();
        for (Node n : list.list()) {
            String name = n.child("name").string();
            String type = n.child("type").optionalString().orElse("Exact");
            String value = n.child("value").optionalString().orElse("");
            StringMatch m = switch (type) {
                case "Exact" -> new StringMatch.Exact(value);
                case "RegularExpression" -> regex(n.child("value"), value);
                default -> throw n.child("type").fail("'" + type + "' (expected: Exact or RegularExpression)");
            };
            out.add(header ? NamedMatch.header(name, m) : new NamedMatch(name, m));
        }
        return out;
    }

    private static Optional<StringMatch> grpcName(Node n, String type) throws RouteValidationException {
        Optional<String> value = n.optionalString();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (type) {
            case "Exact" -> new StringMatch.Exact(value.get());
            case "RegularExpression" -> regex(n, value.get());
            default -> throw n.fail("type '" + type + "' (expected: Exact or RegularExpression)");
        });
    }

    private static StringMatch regex(Node node, String value) throws RouteValidationException {
        try {
            return new StringMatch.Regex(Pattern.compile(value));
        } catch (PatternSyntaxException e) {
            throw node.fail("'" + value + "' (expected: a regular expression; "
                    + e.getDescription().toLowerCase(Locale.ROOT) + ")");
        }
    }
}
