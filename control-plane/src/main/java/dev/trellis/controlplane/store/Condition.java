package dev.trellis.controlplane.store;

import java.util.Objects;

/**
 * A status condition the control plane writes on a Gateway or a route, such as {@code Accepted} or
 * {@code ResolvedRefs}.
 *
 * @param type the condition type
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason a CamelCase reason
 * @param message a sentence for people
 */
public record Condition(String type, Status status, String reason, String message) {

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** Condition status, spelled as Kubernetes spells it. */
    public enum Status {
        True,
        False,
        Unknown
    }
}
