package dev.trellis.controlplane.store;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.AuthorizationPolicy.Condition;
import dev.trellis.core.model.AuthorizationPolicy.Operation;
import dev.trellis.core.model.AuthorizationPolicy.Rule;
import dev.trellis.core.model.AuthorizationPolicy.Source;
import dev.trellis.core.model.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles an AuthorizationPolicy spec into {@link AuthorizationPolicy}, checking every field as the CRD
 * schema (packaging/helm/trellis/crds) does, so that the local store refuses what the API server would.
 */
final class AuthorizationPolicyDecoder {

    private static final Pattern PRINCIPAL = Pattern.compile("\\*|\\*?[^*\\s]+\\*?");
    private static final Pattern NAMESPACE = Pattern.compile("\\*|\\*?[a-z0-9]([-a-z0-9]*[a-z0-9])?\\*?");
    private static final Pattern METHOD = Pattern.compile("[A-Z]+|\\*");
    private static final Pattern PATH = Pattern.compile("\\*|\\*?/.*|/.*\\*?");
    private static final Pattern HOST = Pattern.compile("\\S+");
    private static final Pattern KEY = Pattern.compile(
            "request\\.headers\\[[A-Za-z0-9!#$%&'*+.^_`|~-]+\\]|source\\.(ip|namespace|principal)|destination\\.(ip|port)");

    private AuthorizationPolicyDecoder() {
    }

    static AuthorizationPolicyResource decode(FieldReader root, ObjectMeta meta) {
        FieldReader spec = root.object("spec")
                .orElseThrow(() -> new FieldException("spec", "missing (expected: a mapping)"));
        Map<String, String> selector = Map.of();
        if (spec.has("selector")) {
            FieldReader s = spec.object("selector").orElseThrow();
            selector = Names.labels(s.stringMap("matchLabels"), s.path("matchLabels"), true);
            s.done();
        }
        String actionName = spec.string("action").orElse("ALLOW");
        Action action = switch (actionName) {
            case "ALLOW" -> Action.ALLOW;
            case "DENY" -> Action.DENY;
            case "AUDIT" -> Action.AUDIT;
            default -> throw FieldException.unexpected(spec.path("action"), actionName, "ALLOW, DENY or AUDIT");
        };
        List<Rule> rules = new ArrayList<>();
        for (FieldReader r : spec.objects("rules")) {
            rules.add(rule(r));
        }
        spec.done();
        root.done();
        return new AuthorizationPolicyResource(meta,
                new AuthorizationPolicy(meta.name(), meta.namespace(), selector, action, rules));
    }

    private static Rule rule(FieldReader rule) {
        List<Source> from = new ArrayList<>();
        for (FieldReader f : rule.objects("from")) {
            FieldReader s = clause(f, "source");
            from.add(new Source(matching(s, "principals", PRINCIPAL), matching(s, "notPrincipals", PRINCIPAL),
                    matching(s, "namespaces", NAMESPACE), matching(s, "notNamespaces", NAMESPACE),
                    cidrs(s, "ipBlocks"), cidrs(s, "notIpBlocks")));
            s.done();
        }
        List<Operation> to = new ArrayList<>();
        for (FieldReader t : rule.objects("to")) {
            FieldReader o = clause(t, "operation");
            to.add(new Operation(ports(o, "ports"), ports(o, "notPorts"), matching(o, "methods", METHOD),
                    matching(o, "notMethods", METHOD), matching(o, "paths", PATH), matching(o, "notPaths", PATH),
                    matching(o, "hosts", HOST), matching(o, "notHosts", HOST)));
            o.done();
        }
        List<Condition> when = new ArrayList<>();
        for (FieldReader w : rule.objects("when")) {
            when.add(condition(w));
        }
        rule.done();
        return new Rule(from, to, when);
    }

    /** The one mapping under {@code name} in a from / to entry, which must set at least one field. */
    private static FieldReader clause(FieldReader entry, String name) {
        FieldReader clause = entry.object(name).orElseThrow(() -> new FieldException(entry.path(name),
                "missing (expected: a mapping with at least one field)"));
        entry.done();
        if (!(clause.has("principals") || clause.has("notPrincipals") || clause.has("namespaces")
                || clause.has("notNamespaces") || clause.has("ipBlocks") || clause.has("notIpBlocks")
                || clause.has("ports") || clause.has("notPorts") || clause.has("methods")
                || clause.has("notMethods") || clause.has("paths") || clause.has("notPaths")
                || clause.has("hosts") || clause.has("notHosts"))) {
            clause.done();
            throw new FieldException(clause.path(), "empty (expected: at least one field)");
        }
        return clause;
    }

    private static Condition condition(FieldReader w) {
        String key = w.requiredString("key", "request.headers[<name>], source.ip, source.namespace, "
                + "source.principal, destination.ip or destination.port");
        if (!KEY.matcher(key).matches()) {
            throw FieldException.unexpected(w.path("key"), key, "request.headers[<name>], source.ip, "
                    + "source.namespace, source.principal, destination.ip or destination.port");
        }
        boolean hasValues = w.has("values") || w.has("notValues");
        List<String> values = nonEmpty(w, "values", w.strings("values"));
        List<String> notValues = nonEmpty(w, "notValues", w.strings("notValues"));
        if (!hasValues) {
            throw new FieldException(w.path("values"), "missing (expected: values or notValues)");
        }
        w.done();
        return new Condition(key, values, notValues);
    }

    private static List<String> matching(FieldReader clause, String key, Pattern pattern) {
        boolean written = clause.has(key);
        List<String> values = clause.strings(key);
        for (int i = 0; i < values.size(); i++) {
            if (!pattern.matcher(values.get(i)).matches()) {
                throw FieldException.unexpected(clause.path(key) + "[" + i + "]", values.get(i),
                        "a value matching " + pattern.pattern());
            }
        }
        return written ? nonEmpty(clause, key, values) : values;
    }

    private static List<Cidr> cidrs(FieldReader clause, String key) {
        boolean written = clause.has(key);
        List<String> values = clause.strings(key);
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                cidrs.add(Cidr.parse(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw FieldException.unexpected(clause.path(key) + "[" + i + "]", values.get(i),
                        "an IP address or CIDR block");
            }
        }
        return written ? nonEmpty(clause, key, cidrs) : cidrs;
    }

    private static List<Integer> ports(FieldReader clause, String key) {
        boolean written = clause.has(key);
        List<Integer> ports = clause.ints(key, 1, 65535);
        return written ? nonEmpty(clause, key, ports) : ports;
    }

    private static <T> List<T> nonEmpty(FieldReader clause, String key, List<T> values) {
        if (clause.has(key) && values.isEmpty()) {
            throw new FieldException(clause.path(key), "[] (expected: at least one entry)");
        }
        return values;
    }
}
