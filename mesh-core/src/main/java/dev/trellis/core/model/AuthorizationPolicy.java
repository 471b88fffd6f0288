package dev.trellis.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code security.trellis.dev/v1 AuthorizationPolicy}, compiled. Shaped like Istio's: an action and rules of
 * from / to / when. A policy selects the workloads of its namespace whose labels contain {@code selector}
 * (an empty selector selects the whole namespace; a policy in the mesh's root namespace applies mesh-wide).
 *
 * <p>Evaluation, by whoever enforces it: DENY policies first (any match denies), then ALLOW policies (if any
 * ALLOW policy selects the workload, at least one must match); AUDIT never changes the outcome.
 */
public record AuthorizationPolicy(
        String name, String namespace, Map<String, String> selector, Action action, List<Rule> rules) {

    public AuthorizationPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        selector = Map.copyOf(selector);
        Objects.requireNonNull(action, "action");
        rules = List.copyOf(rules);
    }

    /**
     * Whether any rule names request attributes (methods, paths, hosts, request headers). Such a policy is
     * enforced by the waypoint; a node-agent with no waypoint in front of the destination fails closed.
     */
    public boolean hasL7Rules() {
        return rules.stream().anyMatch(Rule::hasL7);
    }

    /** The three actions. */
    public enum Action {
        ALLOW,
        DENY,
        AUDIT
    }

    /**
     * One rule: matches when every non-empty part matches. An empty {@code from} matches any source, an
     * empty {@code to} any operation, an empty {@code when} adds no condition. A policy with no rules
     * matches nothing: an ALLOW policy without rules allows nothing, a DENY policy without rules denies
     * nothing.
     */
    public record Rule(List<Source> from, List<Operation> to, List<Condition> when) {
        public Rule {
            from = List.copyOf(from);
            to = List.copyOf(to);
            when = List.copyOf(when);
        }

        boolean hasL7() {
            return to.stream().anyMatch(Operation::hasL7) || when.stream().anyMatch(Condition::isL7);
        }
    }

    /**
     * Who the caller is. Principals are SPIFFE IDs without the scheme ({@code cluster.local/ns/a/sa/b}) with
     * {@code *} prefix/suffix wildcards; ipBlocks are CIDRs.
     */
    public record Source(List<String> principals, List<String> notPrincipals, List<String> namespaces,
            List<String> notNamespaces, List<Cidr> ipBlocks, List<Cidr> notIpBlocks) {
        public Source {
            principals = List.copyOf(principals);
            notPrincipals = List.copyOf(notPrincipals);
            namespaces = List.copyOf(namespaces);
            notNamespaces = List.copyOf(notNamespaces);
            ipBlocks = List.copyOf(ipBlocks);
            notIpBlocks = List.copyOf(notIpBlocks);
        }
    }

    /** What is asked for: ports at L4; methods, paths, hosts at L7. */
    public record Operation(List<Integer> ports, List<Integer> notPorts, List<String> methods,
            List<String> notMethods, List<String> paths, List<String> notPaths, List<String> hosts,
            List<String> notHosts) {
        public Operation {
            ports = List.copyOf(ports);
            notPorts = List.copyOf(notPorts);
            methods = List.copyOf(methods);
            notMethods = List.copyOf(notMethods);
            paths = List.copyOf(paths);
            notPaths = List.copyOf(notPaths);
            hosts = List.copyOf(hosts);
            notHosts = List.copyOf(notHosts);
        }

        boolean hasL7() {
            return !methods.isEmpty() || !notMethods.isEmpty() || !paths.isEmpty() || !notPaths.isEmpty()
                    || !hosts.isEmpty() || !notHosts.isEmpty();
        }
    }

    /**
     * An extra condition on a named attribute, e.g. {@code source.ip}, {@code destination.port},
     * {@code request.headers[x-user]}.
     */
    public record Condition(String key, List<String> values, List<String> notValues) {
        public Condition {
            Objects.requireNonNull(key, "key");
            values = List.copyOf(values);
            notValues = List.copyOf(notValues);
        }

        boolean isL7() {
            return key.startsWith("request.");
        }
    }
}
