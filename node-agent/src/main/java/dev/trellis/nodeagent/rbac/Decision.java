package dev.trellis.nodeagent.rbac;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of authorizing one connection.
 *
 * @param allowed whether the connection may proceed
 * @param reason why, as a closed set (metrics label it)
 * @param policy the deciding policy, {@code namespace/name}, when one decided
 * @param message one line for logs, naming the policy and the workload
 * @param audited the AUDIT policies that matched (they never change the outcome)
 */
public record Decision(boolean allowed, Reason reason, Optional<String> policy, String message,
        List<String> audited) {

    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(message, "message");
        audited = List.copyOf(audited);
        if (allowed != reason.allows()) {
            throw new IllegalArgumentException("decision allowed=" + allowed + " with reason " + reason);
        }
    }

    /** Why a connection was allowed or denied. */
    public enum Reason {
        /** No ALLOW policy selects the workload (and no DENY matched). */
        NO_ALLOW_POLICY(true, "no_allow_policy"),
        /** An ALLOW policy matched. */
        ALLOW_MATCHED(true, "allow_matched"),
        /** A DENY policy matched. */
        DENY_MATCHED(false, "deny_matched"),
        /** ALLOW policies select the workload, and none matched. */
        NO_ALLOW_MATCHED(false, "no_allow_matched"),
        /** A policy has L7 rules, and no waypoint serves the workload to enforce them. */
        L7_WITHOUT_WAYPOINT(false, "l7_without_waypoint");

        private final boolean allows;
        private final String label;

        Reason(boolean allows, String label) {
            this.allows = allows;
            this.label = label;
        }

        public boolean allows() {
            return allows;
        }

        /** The metrics label value. */
        public String label() {
            return label;
        }
    }
}
