package dev.trellis.nodeagent.rbac;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about one inbound connection when it is authorized.
 *
 * @param sourceIdentity the peer's SPIFFE ID from its mTLS certificate; empty for plaintext (port 15006)
 * @param sourceIp the caller's IP
 * @param destination the local workload being called
 * @param destinationIp the address called
 * @param destinationPort the port called
 * @param waypointServesDestination whether a waypoint serves {@code destination} (see
 *     {@link WaypointCoverage}); policies with L7 rules are then the waypoint's to enforce
 */
public record AuthorizationRequest(Optional<SpiffeId> sourceIdentity, InetAddress sourceIp, Workload destination,
        InetAddress destinationIp, int destinationPort, boolean waypointServesDestination) {

    public AuthorizationRequest {
        Objects.requireNonNull(sourceIdentity, "sourceIdentity");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(destinationIp, "destinationIp");
    }

    /** The principal as policies write it: the SPIFFE ID without {@code spiffe://}. */
    Optional<String> principal() {
        return sourceIdentity.map(id -> id.uri().substring(SpiffeId.SCHEME_PREFIX.length()));
    }

    Optional<String> sourceNamespace() {
        return sourceIdentity.map(SpiffeId::namespace);
    }

    String destinationName() {
        return destination.namespace() + "/" + destination.name();
    }
}
