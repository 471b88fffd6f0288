package dev.trellis.nodeagent.rbac;

import dev.trellis.core.model.AuthorizationPolicy.Condition;
import dev.trellis.core.model.AuthorizationPolicy.Operation;
import dev.trellis.core.model.AuthorizationPolicy.Rule;
import dev.trellis.core.model.AuthorizationPolicy.Source;
import dev.trellis.core.model.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Matches the L4 parts of one rule against a connection.
 *
 * <p>A caller without a peer identity (plaintext) has no principal and no namespace: a positive
 * {@code principals}/{@code namespaces} list never matches it, and a {@code not} list always does (it is
 * none of the listed callers) — so {@code DENY notPrincipals: ["*"]} denies every plaintext caller.
 *
 * <p>What cannot be evaluated (an unknown condition key, a value that does not parse) fails closed: it
 * matches in a DENY policy and does not match in an ALLOW policy.
 */
final class RuleMatcher {

    private static final String SPIFFE = "spiffe://";

    private final AuthorizationRequest request;
    private final boolean unknownMatches;

    /**
     * @param unknownMatches what an attribute that cannot be evaluated counts as: true for DENY policies
     */
    RuleMatcher(AuthorizationRequest request, boolean unknownMatches) {
        this.request = request;
        this.unknownMatches = unknownMatches;
    }

    boolean matches(Rule rule) {
        return anyOrEmpty(rule.from(), this::matches) && anyOrEmpty(rule.to(), this::matches)
                && rule.when().stream().allMatch(this::matches);
    }

    private boolean matches(Source s) {
        Optional<String> principal = request.principal();
        Optional<String> namespace = request.sourceNamespace();
        return positive(s.principals(), principal) && negative(s.notPrincipals(), principal)
                && positive(s.namespaces(), namespace) && negative(s.notNamespaces(), namespace)
                && (s.ipBlocks().isEmpty() || inAny(s.ipBlocks(), request.sourceIp()))
                && !inAny(s.notIpBlocks(), request.sourceIp());
    }

    private boolean matches(Operation o) {
        int port = request.destinationPort();
        return (o.ports().isEmpty() || o.ports().contains(port)) && !o.notPorts().contains(port);
    }

    private boolean matches(Condition c) {
        return switch (c.key()) {
            case "source.ip" -> ipCondition(c, request.sourceIp());
            case "destination.ip" -> ipCondition(c, request.destinationIp());
            case "source.principal" -> stringCondition(c, request.principal());
            case "source.namespace" -> stringCondition(c, request.sourceNamespace());
            case "destination.port" -> portCondition(c);
            default -> unknownMatches;
        };
    }

    private boolean stringCondition(Condition c, Optional<String> value) {
        return positive(c.values(), value) && negative(c.notValues(), value);
    }

    private boolean ipCondition(Condition c, InetAddress ip) {
        try {
            List<Cidr> in = c.values().stream().map(Cidr::parse).toList();
            List<Cidr> notIn = c.notValues().stream().map(Cidr::parse).toList();
            return (in.isEmpty() || inAny(in, ip)) && !inAny(notIn, ip);
        } catch (IllegalArgumentException e) {
            return unknownMatches;
        }
    }

    private boolean portCondition(Condition c) {
        try {
            int p = request.destinationPort();
            List<Integer> in = c.values().stream().map(v -> Integer.parseInt(v.strip())).toList();
            List<Integer> notIn = c.notValues().stream().map(v -> Integer.parseInt(v.strip())).toList();
            return (in.isEmpty() || in.contains(p)) && !notIn.contains(p);
        } catch (NumberFormatException e) {
            return unknownMatches;
        }
    }

    /** An empty list matches anything; otherwise the value must be present and match one pattern. */
    private static boolean positive(List<String> patterns, Optional<String> value) {
        return patterns.isEmpty() || value.filter(v -> patterns.stream().anyMatch(p -> glob(p, v))).isPresent();
    }

    /** The value must match none of the patterns; an absent value matches none. */
    private static boolean negative(List<String> patterns, Optional<String> value) {
        return value.isEmpty() || patterns.stream().noneMatch(p -> glob(p, value.get()));
    }

    /** {@code *} alone, a {@code *} prefix or suffix wildcard, or an exact match; a spiffe:// prefix is ignored. */
    static boolean glob(String pattern, String value) {
        String p = pattern.startsWith(SPIFFE) ? pattern.substring(SPIFFE.length()) : pattern;
        if (p.equals("*")) {
            return true;
        }
        if (p.startsWith("*")) {
            return value.endsWith(p.substring(1));
        }
        if (p.endsWith("*")) {
            return value.startsWith(p.substring(0, p.length() - 1));
        }
        return p.equals(value);
    }

    private static boolean inAny(List<Cidr> blocks, InetAddress ip) {
        return blocks.stream().anyMatch(b -> b.contains(ip));
    }

    private static <T> boolean anyOrEmpty(List<T> items, Predicate<T> match) {
        return items.isEmpty() || items.stream().anyMatch(match);
    }
}
