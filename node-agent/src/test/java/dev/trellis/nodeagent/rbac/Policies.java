package dev.trellis.nodeagent.rbac;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.AuthorizationPolicy.Condition;
import dev.trellis.core.model.AuthorizationPolicy.Operation;
import dev.trellis.core.model.AuthorizationPolicy.Rule;
import dev.trellis.core.model.AuthorizationPolicy.Source;
import dev.trellis.core.model.Cidr;
import java.util.List;
import java.util.Map;

/** Short builders for authorization policies in tests. */
final class Policies {

    private Policies() {
    }

    static AuthorizationPolicy policy(Action action, String ns, String name, Map<String, String> selector,
            Rule... rules) {
        return new AuthorizationPolicy(name, ns, selector, action, List.of(rules));
    }

    static Rule rule(List<Source> from, List<Operation> to, List<Condition> when) {
        return new Rule(from, to, when);
    }

    static Rule from(Source... sources) {
        return rule(List.of(sources), List.of(), List.of());
    }

    static Rule to(Operation... operations) {
        return rule(List.of(), List.of(operations), List.of());
    }

    static Rule when(Condition... conditions) {
        return rule(List.of(), List.of(), List.of(conditions));
    }

    static Source principals(String... principals) {
        return new Source(List.of(principals), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static Source notPrincipals(String... principals) {
        return new Source(List.of(), List.of(principals), List.of(), List.of(), List.of(), List.of());
    }

    static Source namespaces(String... namespaces) {
        return new Source(List.of(), List.of(), List.of(namespaces), List.of(), List.of(), List.of());
    }

    static Source notNamespaces(String... namespaces) {
        return new Source(List.of(), List.of(), List.of(), List.of(namespaces), List.of(), List.of());
    }

    static Source ipBlocks(String... blocks) {
        return new Source(List.of(), List.of(), List.of(), List.of(),
                java.util.Arrays.stream(blocks).map(Cidr::parse).toList(), List.of());
    }

    static Source notIpBlocks(String... blocks) {
        return new Source(List.of(), List.of(), List.of(), List.of(), List.of(),
                java.util.Arrays.stream(blocks).map(Cidr::parse).toList());
    }

    static Operation ports(Integer... ports) {
        return new Operation(List.of(ports), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    static Operation notPorts(Integer... ports) {
        return new Operation(List.of(), List.of(ports), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    static Operation methods(String... methods) {
        return new Operation(List.of(), List.of(), List.of(methods), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    static Condition condition(String key, List<String> values, List<String> notValues) {
        return new Condition(key, values, notValues);
    }
}
