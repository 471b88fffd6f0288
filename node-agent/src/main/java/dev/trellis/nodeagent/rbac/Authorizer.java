package dev.trellis.nodeagent.rbac;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.AuthorizationPolicy.Action;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.rbac.Decision.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorizes an inbound connection against the policies that select its destination workload. Pure: no
 * I/O, no state, safe on event loops.
 *
 * <p>Order: a policy with L7 rules that no waypoint enforces denies (fail closed); then DENY policies (any
 * match denies); then ALLOW policies (none selects the workload: allowed; else one must match). AUDIT
 * policies are reported when they match and never change the outcome. Policies with L7 rules are skipped
 * when a waypoint serves the workload: the waypoint enforces them. Policies are evaluated in
 * {@code namespace/name} order so that the deciding policy is stable.
 */
public final class Authorizer {

    private static final Comparator<AuthorizationPolicy> BY_NAME =
            Comparator.comparing(AuthorizationPolicy::namespace).thenComparing(AuthorizationPolicy::name);

    private final String rootNamespace;

    /** @param rootNamespace the namespace whose policies apply mesh-wide (see NodeAgentConfig) */
    public Authorizer(String rootNamespace) {
        this.rootNamespace = Objects.requireNonNull(rootNamespace, "rootNamespace");
    }

    /** Decides {@code request} under {@code policies} (all the snapshot's; selection happens here). */
    public Decision authorize(List<AuthorizationPolicy> policies, AuthorizationRequest request) {
        List<AuthorizationPolicy> selected = policies.stream()
                .filter(p -> selects(p, request.destination())).sorted(BY_NAME).toList();
        List<AuthorizationPolicy> enforced = new ArrayList<>(selected.size());
        for (AuthorizationPolicy p : selected) {
            if (!p.hasL7Rules()) {
                enforced.add(p);
            } else if (!request.waypointServesDestination() && p.action() != Action.AUDIT) {
                return new Decision(false, Reason.L7_WITHOUT_WAYPOINT, Optional.of(name(p)), "policy " + name(p)
                        + " has L7 rules and no waypoint serves " + request.destinationName(), List.of());
            }
        }
        List<String> audited = enforced.stream()
                .filter(p -> p.action() == Action.AUDIT && matches(p, request, false)).map(Authorizer::name).toList();
        for (AuthorizationPolicy p : enforced) {
            if (p.action() == Action.DENY && matches(p, request, true)) {
                return new Decision(false, Reason.DENY_MATCHED, Optional.of(name(p)),
                        "denied by policy " + name(p), audited);
            }
        }
        List<AuthorizationPolicy> allows = enforced.stream().filter(p -> p.action() == Action.ALLOW).toList();
        if (allows.isEmpty()) {
            return new Decision(true, Reason.NO_ALLOW_POLICY, Optional.empty(),
                    "allowed: no ALLOW policy selects " + request.destinationName(), audited);
        }
        for (AuthorizationPolicy p : allows) {
            if (matches(p, request, false)) {
                return new Decision(true, Reason.ALLOW_MATCHED, Optional.of(name(p)),
                        "allowed by policy " + name(p), audited);
            }
        }
        return new Decision(false, Reason.NO_ALLOW_MATCHED, Optional.empty(), "denied: no ALLOW policy matched "
                + "(" + String.join(", ", allows.stream().map(Authorizer::name).toList()) + ")", audited);
    }

    /** Whether {@code policy} applies to {@code workload}: same namespace (or the root one) and labels. */
    public boolean selects(AuthorizationPolicy policy, Workload workload) {
        if (!policy.namespace().equals(rootNamespace) && !policy.namespace().equals(workload.namespace())) {
            return false;
        }
        for (Map.Entry<String, String> e : policy.selector().entrySet()) {
            if (!e.getValue().equals(workload.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(AuthorizationPolicy policy, AuthorizationRequest request, boolean deny) {
        RuleMatcher matcher = new RuleMatcher(request, deny);
        return policy.rules().stream().anyMatch(matcher::matches);
    }

    private static String name(AuthorizationPolicy p) {
        return p.namespace() + "/" + p.name();
    }
}
