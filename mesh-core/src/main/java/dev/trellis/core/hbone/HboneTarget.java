package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * Where a tunnel goes: the HBONE address to connect to (a pod's or waypoint's port 15008), the identity it
 * must present, the CONNECT authority (the final destination {@code ip:port}), and extra request headers
 * ({@code forwarded}, {@code traceparent}, {@code baggage}).
 */
public record HboneTarget(InetSocketAddress address, SpiffeId expectedIdentity, String authority,
        Map<String, String> headers) {

    public HboneTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expectedIdentity, "expectedIdentity");
        Objects.requireNonNull(authority, "authority");
        headers = Map.copyOf(headers);
    }
}
