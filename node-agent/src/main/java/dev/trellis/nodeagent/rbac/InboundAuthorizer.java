package dev.trellis.nodeagent.rbac;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the inbound paths (the HBONE server on 15008, the plaintext listener on 15006) call for each new
 * connection: builds the request from the snapshot (including whether a waypoint serves the destination),
 * decides with the {@link Authorizer}, and records the decision. Safe on event loops.
 */
public final class InboundAuthorizer {

    private final Authorizer authorizer;
    private final AuthorizationTelemetry telemetry;
    private final WaypointCoverage coverage = new WaypointCoverage();

    public InboundAuthorizer(Authorizer authorizer, AuthorizationTelemetry telemetry) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /**
     * Authorizes one connection to a local workload.
     *
     * @param snapshot the mesh now (policies, waypoint bindings)
     * @param peer the caller's verified identity; empty for plaintext
     * @param sourceIp the caller's address
     * @param destination the local workload called
     * @param target the address and port called
     */
    public Decision authorize(MeshSnapshot snapshot, Optional<SpiffeId> peer, InetAddress sourceIp,
            Workload destination, InetSocketAddress target) {
        AuthorizationRequest request = new AuthorizationRequest(peer, sourceIp, destination, target.getAddress(),
                target.getPort(), coverage.serves(snapshot, destination));
        Decision decision = authorizer.authorize(snapshot.policies(), request);
        telemetry.record(decision, request);
        return decision;
    }
}
