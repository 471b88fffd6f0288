package dev.trellis.ctl.store;

import java.nio.file.Path;

/**
 * How meshctl reaches a control plane's store API.
 *
 * @param address host:port of its gRPC server
 * @param authority the name its certificate carries (verified against {@code roots})
 * @param roots PEM roots of the mesh
 * @param adminTokenFile the store API's bearer token
 */
public record ControlPlaneTarget(String address, String authority, Path roots, Path adminTokenFile) {
    public static final String DEFAULT_AUTHORITY = "trellis-control-plane.trellis-system.svc";
}
