package dev.trellis.nodeagent.outbound;

/** The kind of decision an {@link OutboundPlan} carries. */
public enum Route {
    /** To a service's endpoints, load balanced (HBONE to captured endpoints, TCP to the others). */
    SERVICE(false),
    /** To the waypoint serving the service or workload, over HBONE; it forwards to the final target. */
    WAYPOINT(false),
    /** Straight to a captured pod addressed by its IP, over HBONE. */
    WORKLOAD(false),
    /** Outside the mesh (unknown address, or a workload that is not captured): plain TCP as asked. */
    PASSTHROUGH(false),
    /** Refused: the final target is one of the agent's own in-pod ports, which would loop. */
    LOOP(true),
    /** Refused: the destination has no ready endpoint (or its waypoint has none). */
    NO_HEALTHY_UPSTREAM(true),
    /** Refused: the service VIP was called on a port the service does not expose. */
    NO_SUCH_PORT(true);

    private final boolean refused;

    Route(boolean refused) {
        this.refused = refused;
    }

    /** Whether the connection is to be reset rather than forwarded. */
    public boolean refused() {
        return refused;
    }
}
