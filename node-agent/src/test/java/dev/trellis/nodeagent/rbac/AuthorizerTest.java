package dev.trellis.nodeagent.rbac;

import static dev.trellis.nodeagent.rbac.Policies.condition;
import static dev.trellis.nodeagent.rbac.Policies.from;
import static dev.trellis.nodeagent.rbac.Policies.ipBlocks;
import static dev.trellis.nodeagent.rbac.Policies.methods;
import static dev.trellis.nodeagent.rbac.Policies.namespaces;
import static dev.trellis.nodeagent.rbac.Policies.notIpBlocks;
import static dev.trellis.nodeagent.rbac.Policies.notNamespaces;
import static dev.trellis.nodeagent.rbac.Policies.notPorts;
import static dev.trellis.nodeagent.rbac.Policies.notPrincipals;
import static dev.trellis.nodeagent.rbac.Policies.policy;
import static dev.trellis.nodeagent.rbac.Policies.ports;
import static dev.trellis.nodeagent.rbac.Policies.principals;
import static dev.trellis.nodeagent.rbac.Policies.rule;
import static dev.trellis.nodeagent.rbac.Policies.to;
import static dev.trellis.nodeagent.rbac.Policies.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.NodeAgentConfig;
import dev.trellis.nodeagent.rbac.Decision.Reason;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizerTest {

    private static final Map<String, String> ECHO = Map.of("app", "echo");
    private static final Map<String, String> ANY = Map.of();
    private static final String ROOT = NodeAgentConfig.DEFAULT_ROOT_NAMESPACE;

    private static final Workload DESTINATION = new Workload("uid-echo", "echo-1", "shop",
            SpiffeId.of("shop", "echo"), "node-1", List.of(InetAddress.ofLiteral("198.18.2.10")), true,
            Optional.empty(), Map.of("app", "echo", "version", "v1"), Workload.WorkloadStatus.HEALTHY);

    private static final Map<String, List<AuthorizationPolicy>> SCENARIOS = Map.ofEntries(
            Map.entry("none", List.of()),
            Map.entry("allow-web", List.of(policy(Action.ALLOW, "shop", "allow-web", ECHO,
                    from(principals("cluster.local/ns/shop/sa/web")))))  ,
            Map.entry("allow-selects-other-app", List.of(policy(Action.ALLOW, "shop", "allow-other",
                    Map.of("app", "other"), from(principals("cluster.local/ns/shop/sa/web"))))),
            Map.entry("allow-in-other-namespace", List.of(policy(Action.ALLOW, "bank", "allow-bank", ANY,
                    from(principals("cluster.local/ns/shop/sa/web"))))),
            Map.entry("root-deny-legacy", List.of(policy(Action.DENY, ROOT, "deny-legacy", ANY,
                    from(namespaces("legacy"))))),
            Map.entry("root-deny-other-label", List.of(policy(Action.DENY, ROOT, "deny-db", Map.of("app", "db"),
                    from(namespaces("shop"))))),
            Map.entry("deny-port-allow-any", List.of(
                    policy(Action.ALLOW, "shop", "allow-any-peer", ANY, from(principals("*"))),
                    policy(Action.DENY, "shop", "deny-admin-port", ANY, to(ports(9090))))),
            Map.entry("require-mtls", List.of(policy(Action.DENY, "shop", "require-mtls", ANY,
                    from(notPrincipals("*"))))),
            Map.entry("allow-prefix", List.of(policy(Action.ALLOW, "shop", "allow-shop-ns", ANY,
                    from(principals("cluster.local/ns/shop/*"))))),
            Map.entry("allow-suffix", List.of(policy(Action.ALLOW, "shop", "allow-web-sa", ANY,
                    from(principals("spiffe://*/sa/web"))))),
            Map.entry("allow-namespace", List.of(policy(Action.ALLOW, "shop", "allow-ns", ANY,
                    from(namespaces("shop"))))),
            Map.entry("allow-not-namespace", List.of(policy(Action.ALLOW, "shop", "allow-not-legacy", ANY,
                    from(notNamespaces("legacy"))))),
            Map.entry("allow-ip-block", List.of(policy(Action.ALLOW, "shop", "allow-subnet", ANY,
                    from(ipBlocks("198.18.1.0/24"))))),
            Map.entry("deny-not-ip-block", List.of(policy(Action.DENY, "shop", "deny-outside", ANY,
                    from(notIpBlocks("198.18.1.0/24"))))),
            Map.entry("allow-not-port", List.of(policy(Action.ALLOW, "shop", "allow-not-9090", ANY,
                    to(notPorts(9090))))),
            Map.entry("when-source-ip", List.of(policy(Action.ALLOW, "shop", "when-ip", ANY,
                    when(condition("source.ip", List.of("198.18.1.0/24"), List.of("198.18.1.66")))))),
            Map.entry("when-namespace", List.of(policy(Action.ALLOW, "shop", "when-ns", ANY,
                    when(condition("source.namespace", List.of("shop"), List.of()))))),
            Map.entry("when-principal-not", List.of(policy(Action.ALLOW, "shop", "when-not-other", ANY,
                    when(condition("source.principal", List.of(), List.of("cluster.local/ns/shop/sa/other")))))),
            Map.entry("when-port", List.of(policy(Action.ALLOW, "shop", "when-port", ANY,
                    when(condition("destination.port", List.of("8080", " 8443"), List.of()))))),
            Map.entry("allow-unknown-key", List.of(policy(Action.ALLOW, "shop", "allow-sni", ANY,
                    when(condition("connection.sni", List.of("x"), List.of()))))),
            Map.entry("deny-unknown-key", List.of(policy(Action.DENY, "shop", "deny-sni", ANY,
                    when(condition("connection.sni", List.of("x"), List.of()))))),
            Map.entry("allow-bad-cidr", List.of(policy(Action.ALLOW, "shop", "allow-bad", ANY,
                    when(condition("source.ip", List.of("not-an-ip"), List.of()))))),
            Map.entry("allow-l7", List.of(policy(Action.ALLOW, "shop", "allow-get", ECHO, to(methods("GET"))))),
            Map.entry("deny-l7-allow-l4", List.of(
                    policy(Action.DENY, "shop", "deny-post", ANY, to(methods("POST"))),
                    policy(Action.ALLOW, "shop", "allow-web", ANY, from(principals("cluster.local/ns/shop/sa/web"))))),
            Map.entry("request-condition", List.of(policy(Action.ALLOW, "shop", "allow-header", ANY,
                    when(condition("request.headers[x-user]", List.of("alice"), List.of()))))),
            Map.entry("audit-only", List.of(policy(Action.AUDIT, "shop", "audit-peers", ANY, from(principals("*"))),
                    policy(Action.AUDIT, "shop", "audit-get", ANY, to(methods("GET"))))),
            Map.entry("allow-without-rules", List.of(policy(Action.ALLOW, "shop", "allow-nothing", ANY))),
            Map.entry("deny-without-rules", List.of(policy(Action.DENY, "shop", "deny-nothing", ANY))),
            Map.entry("allow-empty-rule", List.of(policy(Action.ALLOW, "shop", "allow-all", ANY,
                    rule(List.of(), List.of(), List.of())))),
            Map.entry("two-allows", List.of(
                    policy(Action.ALLOW, "shop", "b-allow-web", ANY, from(principals("cluster.local/ns/shop/sa/web"))),
                    policy(Action.ALLOW, "shop", "a-allow-ns", ANY, from(namespaces("shop"))))));

    @ParameterizedTest(name = "[{index}] {0}: peer {1} from {2} to :{3} waypoint={4} -> {5} {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // scenario              | peer   | source ip    | port | waypoint | allowed | reason             | policy
        "none                    | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "none                    | -      | 198.18.9.9   | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "allow-web               | web    | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-web",
        "allow-web               | other  | 198.18.1.11  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-web               | -      | 198.18.1.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-selects-other-app | other  | 198.18.1.11  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "allow-in-other-namespace| other  | 198.18.1.11  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "root-deny-legacy        | legacy | 198.18.7.1   | 8080 | false    | false   | DENY_MATCHED       | trellis-system/deny-legacy",
        "root-deny-legacy        | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "root-deny-other-label   | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "deny-port-allow-any     | web    | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-any-peer",
        "deny-port-allow-any     | web    | 198.18.1.10  | 9090 | false    | false   | DENY_MATCHED       | shop/deny-admin-port",
        "deny-port-allow-any     | -      | 198.18.1.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "require-mtls            | -      | 198.18.1.10  | 8080 | false    | false   | DENY_MATCHED       | shop/require-mtls",
        "require-mtls            | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "allow-prefix            | other  | 198.18.1.11  | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-shop-ns",
        "allow-prefix            | legacy | 198.18.7.1   | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-suffix            | legacy | 198.18.7.1   | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-web-sa",
        "allow-suffix            | other  | 198.18.1.11  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-namespace         | web    | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-ns",
        "allow-namespace         | -      | 198.18.1.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-not-namespace     | legacy | 198.18.7.1   | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-not-namespace     | -      | 198.18.7.1   | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-not-legacy",
        "allow-ip-block          | -      | 198.18.1.200 | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-subnet",
        "allow-ip-block          | web    | 198.18.9.9   | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "deny-not-ip-block       | web    | 198.18.9.9   | 8080 | false    | false   | DENY_MATCHED       | shop/deny-outside",
        "deny-not-ip-block       | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "allow-not-port          | web    | 198.18.1.10  | 9090 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-not-port          | web    | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-not-9090",
        "when-source-ip          | -      | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/when-ip",
        "when-source-ip          | -      | 198.18.1.66  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "when-source-ip          | -      | 198.18.2.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "when-namespace          | other  | 198.18.1.11  | 8080 | false    | true    | ALLOW_MATCHED      | shop/when-ns",
        "when-namespace          | -      | 198.18.1.11  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "when-principal-not      | other  | 198.18.1.11  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "when-principal-not      | web    | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/when-not-other",
        "when-port               | web    | 198.18.1.10  | 8443 | false    | true    | ALLOW_MATCHED      | shop/when-port",
        "when-port               | web    | 198.18.1.10  | 9090 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-unknown-key       | web    | 198.18.1.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "deny-unknown-key        | web    | 198.18.1.10  | 8080 | false    | false   | DENY_MATCHED       | shop/deny-sni",
        "allow-bad-cidr          | web    | 198.18.1.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "allow-l7                | web    | 198.18.1.10  | 8080 | false    | false   | L7_WITHOUT_WAYPOINT| shop/allow-get",
        "allow-l7                | web    | 198.18.1.10  | 8080 | true     | true    | NO_ALLOW_POLICY    | -",
        "deny-l7-allow-l4        | web    | 198.18.1.10  | 8080 | false    | false   | L7_WITHOUT_WAYPOINT| shop/deny-post",
        "deny-l7-allow-l4        | web    | 198.18.1.10  | 8080 | true     | true    | ALLOW_MATCHED      | shop/allow-web",
        "deny-l7-allow-l4        | other  | 198.18.1.11  | 8080 | true     | false   | NO_ALLOW_MATCHED   | -",
        "request-condition       | web    | 198.18.1.10  | 8080 | false    | false   | L7_WITHOUT_WAYPOINT| shop/allow-header",
        "audit-only              | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "allow-without-rules     | web    | 198.18.1.10  | 8080 | false    | false   | NO_ALLOW_MATCHED   | -",
        "deny-without-rules      | web    | 198.18.1.10  | 8080 | false    | true    | NO_ALLOW_POLICY    | -",
        "allow-empty-rule        | -      | 198.18.9.9   | 8080 | false    | true    | ALLOW_MATCHED      | shop/allow-all",
        "two-allows              | web    | 198.18.1.10  | 8080 | false    | true    | ALLOW_MATCHED      | shop/a-allow-ns",
    })
    void decides(String scenario, String peer, String sourceIp, int port, boolean waypoint, boolean allowed,
            Reason reason, String policy) {
        Decision d = new Authorizer(ROOT).authorize(SCENARIOS.get(scenario), request(peer, sourceIp, port, waypoint));

        assertThat(d.allowed()).as(d.message()).isEqualTo(allowed);
        assertThat(d.reason()).as(d.message()).isEqualTo(reason);
        assertThat(d.policy()).isEqualTo(Optional.ofNullable(policy));
    }

    @Test
    void l7FailClosedNamesThePolicyAndTheWorkload() {
        Decision d = new Authorizer(ROOT).authorize(SCENARIOS.get("allow-l7"), request("web", "198.18.1.10", 80, false));
        assertThat(d.message()).isEqualTo("policy shop/allow-get has L7 rules and no waypoint serves shop/echo-1");
    }

    @Test
    void auditPoliciesAreReportedButNeverDecide() {
        Decision d = new Authorizer(ROOT).authorize(SCENARIOS.get("audit-only"), request("web", "198.18.1.10", 80, true));
        assertThat(d.allowed()).isTrue();
        assertThat(d.audited()).containsExactly("shop/audit-peers");
        Decision plaintext = new Authorizer(ROOT).authorize(SCENARIOS.get("audit-only"),
                request(null, "198.18.1.10", 80, false));
        assertThat(plaintext.audited()).isEmpty();
        assertThat(plaintext.allowed()).isTrue();
    }

    @Test
    void rootNamespaceIsConfigurable() {
        List<AuthorizationPolicy> policies = List.of(policy(Action.DENY, "mesh-root", "deny-all", ANY,
                rule(List.of(), List.of(), List.of())));
        assertThat(new Authorizer("mesh-root").authorize(policies, request("web", "198.18.1.10", 80, false))
                .allowed()).isFalse();
        assertThat(new Authorizer(ROOT).authorize(policies, request("web", "198.18.1.10", 80, false))
                .allowed()).isTrue();
    }

    @Test
    void denyMessageListsTheAllowPoliciesThatDidNotMatch() {
        Decision d = new Authorizer(ROOT).authorize(SCENARIOS.get("two-allows"),
                request("legacy", "198.18.7.1", 80, false));
        assertThat(d.message()).isEqualTo("denied: no ALLOW policy matched (shop/a-allow-ns, shop/b-allow-web)");
    }

    @ParameterizedTest
    @CsvSource({
        "*, cluster.local/ns/a/sa/b, true",
        "cluster.local/ns/a/*, cluster.local/ns/a/sa/b, true",
        "cluster.local/ns/a/*, cluster.local/ns/ab/sa/b, false",
        "*/sa/b, cluster.local/ns/a/sa/b, true",
        "*/sa/b, cluster.local/ns/a/sa/bb, false",
        "spiffe://cluster.local/ns/a/sa/b, cluster.local/ns/a/sa/b, true",
        "cluster.local/ns/a/sa/b, cluster.local/ns/a/sa/b2, false",
    })
    void principalGlobs(String pattern, String principal, boolean expected) {
        assertThat(RuleMatcher.glob(pattern, principal)).isEqualTo(expected);
    }

    static AuthorizationRequest request(String peer, String sourceIp, int port, boolean waypoint) {
        Optional<SpiffeId> identity = Optional.ofNullable(peer).map(p -> switch (p) {
            case "web" -> SpiffeId.of("shop", "web");
            case "other" -> SpiffeId.of("shop", "other");
            case "legacy" -> SpiffeId.of("legacy", "web");
            default -> throw new IllegalArgumentException(p);
        });
        return new AuthorizationRequest(identity, InetAddress.ofLiteral(sourceIp), DESTINATION,
                DESTINATION.addresses().getFirst(), port, waypoint);
    }
}
