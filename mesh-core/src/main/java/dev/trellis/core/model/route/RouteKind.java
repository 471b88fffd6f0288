package dev.trellis.core.model.route;

/** Which Gateway API kind a route was compiled from. */
public enum RouteKind {
    HTTP("HTTPRoute"),
    GRPC("GRPCRoute");

    private final String kindName;

    RouteKind(String kindName) {
        this.kindName = kindName;
    }

    /** The Kubernetes kind, as written in YAML. */
    public String kindName() {
        return kindName;
    }
}
