package dev.trellis.waypoint.route;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.AuthorizationPolicy.Condition;
import dev.trellis.core.model.AuthorizationPolicy.Operation;
import dev.trellis.core.model.AuthorizationPolicy.Rule;
import dev.trellis.core.model.AuthorizationPolicy.Source;
import dev.trellis.core.model.Cidr;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Evaluates the authorization policies that apply to a destination against one request: DENY policies first
 * (any match denies), then ALLOW policies (when any applies, one must match); AUDIT never decides. Pure.
 */
public final class L7Authorizer {

    private final String rootNamespace;

    /** @param rootNamespace policies in this namespace apply mesh-wide */
    public L7Authorizer(String rootNamespace) {
        this.rootNamespace = rootNamespace;
    }

    /** The verdict; {@code policy} names the deciding policy ({@code ns/name}) or says why none did. */
    public record Verdict(boolean allowed, String policy) {
    }

    /**
     * @param policies every policy in the snapshot
     * @param namespace the destination service's namespace
     * @param workloadLabels the labels of the destination's workloads (a policy selector must be contained in
     *     one of them)
     */
    public Verdict decide(List<AuthorizationPolicy> policies, String namespace, List<Map<String, String>> workloadLabels,
            Caller caller, int port, RequestAttributes request) {
        boolean anyAllow = false;
        for (AuthorizationPolicy p : policies) {
            if (p.action() == Action.DENY && applies(p, namespace, workloadLabels) && matches(p, caller, port, request)) {
                return new Verdict(false, "denied by " + p.namespace() + "/" + p.name());
            }
        }
        for (AuthorizationPolicy p : policies) {
            if (p.action() != Action.ALLOW || !applies(p, namespace, workloadLabels)) {
                continue;
            }
            anyAllow = true;
            if (matches(p, caller, port, request)) {
                return new Verdict(true, "allowed by " + p.namespace() + "/" + p.name());
            }
        }
        return anyAllow ? new Verdict(false, "no ALLOW policy matched") : new Verdict(true, "no policy applies");
    }

    private boolean applies(AuthorizationPolicy p, String namespace, List<Map<String, String>> workloadLabels) {
        if (!p.namespace().equals(namespace) && !p.namespace().equals(rootNamespace)) {
            return false;
        }
        if (p.selector().isEmpty()) {
            return true;
        }
        return workloadLabels.stream().anyMatch(l -> l.entrySet().containsAll(p.selector().entrySet()));
    }

    private static boolean matches(AuthorizationPolicy p, Caller caller, int port, RequestAttributes request) {
        for (Rule rule : p.rules()) {
            if (all(rule.from(), s -> source(s, caller)) && all(rule.to(), o -> operation(o, port, request))
                    && rule.when().stream().allMatch(c -> condition(c, caller, request))) {
                return true;
            }
        }
        return false;
    }

    /** An empty list matches anything; otherwise any element must match. */
    private static <T> boolean all(List<T> items, Predicate<T> test) {
        return items.isEmpty() || items.stream().anyMatch(test);
    }

    private static boolean source(Source s, Caller caller) {
        String principal = caller.identity().uri().substring("spiffe://".length());
        String ns = caller.namespace();
        return listed(s.principals(), s.notPrincipals(), principal)
                && listed(s.namespaces(), s.notNamespaces(), ns)
                && cidrs(s.ipBlocks(), s.notIpBlocks(), caller);
    }

    private static boolean operation(Operation o, int port, RequestAttributes request) {
        return (o.ports().isEmpty() || o.ports().contains(port)) && !o.notPorts().contains(port)
                && listed(o.methods(), o.notMethods(), request.method())
                && listed(o.paths(), o.notPaths(), request.path())
                && listed(o.hosts(), o.notHosts(), request.host());
    }

    private static boolean condition(Condition c, Caller caller, RequestAttributes request) {
        String value;
        if (c.key().startsWith("request.headers[") && c.key().endsWith("]")) {
            value = request.headers().get(c.key().substring(16, c.key().length() - 1).toLowerCase(java.util.Locale.ROOT));
        } else if (c.key().equals("source.namespace")) {
            value = caller.namespace();
        } else if (c.key().equals("source.principal")) {
            value = caller.identity().uri().substring("spiffe://".length());
        } else {
            return false; // an attribute the waypoint does not know never matches
        }
        if (value == null) {
            return c.values().isEmpty() && !c.notValues().isEmpty();
        }
        return listed(c.values(), c.notValues(), value);
    }

    private static boolean listed(List<String> values, List<String> notValues, String candidate) {
        boolean in = values.isEmpty() || values.stream().anyMatch(v -> wildcard(v, candidate));
        return in && notValues.stream().noneMatch(v -> wildcard(v, candidate));
    }

    /** Istio-style: exact, {@code *} alone, {@code prefix*} or {@code *suffix}. */
    static boolean wildcard(String pattern, String candidate) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("*")) {
            return candidate.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        if (pattern.startsWith("*")) {
            return candidate.endsWith(pattern.substring(1));
        }
        return pattern.equals(candidate);
    }

    private static boolean cidrs(List<Cidr> in, List<Cidr> notIn, Caller caller) {
        if (in.isEmpty() && notIn.isEmpty()) {
            return true;
        }
        if (caller.address().isEmpty()) {
            return in.isEmpty();
        }
        var a = caller.address().get();
        return (in.isEmpty() || in.stream().anyMatch(c -> c.contains(a))) && notIn.stream().noneMatch(c -> c.contains(a));
    }
}
