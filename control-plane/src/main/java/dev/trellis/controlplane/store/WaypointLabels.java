package dev.trellis.controlplane.store;

import java.util.List;

/** The label names and values that bind waypoints (see DESIGN.md, Names). */
public final class WaypointLabels {

    /** On a namespace or a service: the name of the waypoint Gateway, in the same namespace. */
    public static final String USE_WAYPOINT = "trellis.dev/use-waypoint";
    /** On a waypoint Gateway: what traffic it serves. */
    public static final String WAYPOINT_FOR = "trellis.dev/waypoint-for";
    public static final String FOR_SERVICE = "service";
    public static final String FOR_WORKLOAD = "workload";
    public static final String FOR_ALL = "all";
    public static final String FOR_NONE = "none";
    public static final List<String> FOR_VALUES = List.of(FOR_SERVICE, FOR_WORKLOAD, FOR_ALL, FOR_NONE);
    /** On a namespace ({@code ambient} opts in) or a pod ({@code none} opts out). */
    public static final String DATAPLANE_MODE = "trellis.dev/dataplane-mode";
    public static final String MODE_AMBIENT = "ambient";
    public static final String MODE_NONE = "none";

    /**
     * On a waypoint's pods: the name of their Gateway (the Gateway API's label for resources made for a
     * Gateway). Used to find a waypoint's pods when no Service of the Gateway's name selects them.
     */
    public static final String GATEWAY_NAME = "gateway.networking.k8s.io/gateway-name";

    private WaypointLabels() {
    }
}
