package dev.trellis.waypoint.route;

import dev.trellis.core.identity.SpiffeId;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request: the HBONE peer's verified identity and, when the tunnel said so in {@code forwarded},
 * the source address.
 */
public record Caller(SpiffeId identity, Optional<InetAddress> address) {

    public Caller {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(address, "address");
    }

    public String namespace() {
        return identity.namespace();
    }
}
