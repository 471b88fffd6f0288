package dev.trellis.controlplane.ca;

import dev.trellis.core.identity.SpiffeId;
import java.util.Optional;
import java.util.Set;

/**
 * Who may hold which identity. A caller is named by its authentication: {@code node/<node-name>} for a
 * node-agent (it may obtain the identities of pods scheduled on its node), {@code waypoint/<ns>/<name>}
 * for a waypoint (only the identity of its own service account, in its own namespace).
 */
public final class IssuancePolicy {
    public static final String NODE_PREFIX = "node/";
    public static final String WAYPOINT_PREFIX = "waypoint/";

    /** The identities of the pods scheduled on a node, from the store's current state. */
    @FunctionalInterface
    public interface WorkloadsOnNode {
        Set<SpiffeId> identities(String node);
    }

    private final WorkloadsOnNode workloads;

    public IssuancePolicy(WorkloadsOnNode workloads) {
        this.workloads = workloads;
    }

    /** Empty when {@code caller} may hold {@code identity}; else why not, naming both. */
    public Optional<String> refusal(String caller, SpiffeId identity) {
        if (caller.startsWith(NODE_PREFIX)) {
            String node = caller.substring(NODE_PREFIX.length());
            return workloads.identities(node).contains(identity) ? Optional.empty()
                    : Optional.of("node-agent of node " + node + " may not hold " + identity.uri()
                            + ": no pod with that identity is scheduled on " + node);
        }
        if (caller.startsWith(WAYPOINT_PREFIX)) {
            String[] gateway = caller.substring(WAYPOINT_PREFIX.length()).split("/", 2);
            boolean own = gateway.length == 2 && identity.namespace().equals(gateway[0])
                    && identity.serviceAccount().equals(gateway[1]);
            return own ? Optional.empty() : Optional.of("waypoint " + gateway[0] + "/" + (gateway.length == 2
                    ? gateway[1] : "") + " may hold only its own identity, not " + identity.uri());
        }
        return Optional.of("caller '" + caller + "' may not obtain certificates");
    }
}
