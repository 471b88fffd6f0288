package dev.trellis.nodeagent.telemetry;

import dev.trellis.nodeagent.outbound.Route;

/**
 * How a connection ended, as the {@code response_flags} label and the access log show it (Envoy's short
 * names, so that dashboards built for Envoy and ztunnel read them).
 */
public enum ResponseFlag {
    /** Ended normally. */
    NONE("-"),
    /** No upstream accepted the connection (refused, timed out, or the tunnel answered 503). */
    UPSTREAM_CONNECT_FAILURE("UF"),
    /** The destination had no ready endpoint. */
    NO_HEALTHY_UPSTREAM("UH"),
    /** No route: the destination would loop through the agent, or the service has no such port. */
    NO_ROUTE("NR"),
    /** Denied by an authorization policy (here, or by the peer's agent answering 401). */
    DENIED("RBAC"),
    /** The upstream reset the connection after it was established. */
    UPSTREAM_RESET("UC"),
    /** The caller reset the connection. */
    DOWNSTREAM_RESET("DC"),
    /** No certificate could be had for the source workload, so no tunnel could be opened. */
    NO_CERTIFICATE("NC");

    private final String label;

    ResponseFlag(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The flag of a refused plan. */
    public static ResponseFlag of(Route refused) {
        return switch (refused) {
            case LOOP, NO_SUCH_PORT -> NO_ROUTE;
            case NO_HEALTHY_UPSTREAM -> NO_HEALTHY_UPSTREAM;
            case SERVICE, WAYPOINT, WORKLOAD, PASSTHROUGH ->
                throw new IllegalArgumentException("route " + refused + " is not a refusal");
        };
    }
}
