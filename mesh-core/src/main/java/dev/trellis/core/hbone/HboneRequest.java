package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One CONNECT the server accepted for decision: who asks (the peer's verified identity), where to (the
 * authority), on which of our addresses it arrived, and the request headers that matter to policy and
 * telemetry ({@code forwarded}, {@code traceparent}, {@code baggage}).
 */
public record HboneRequest(SpiffeId peer, InetSocketAddress target, InetSocketAddress localAddress,
        InetSocketAddress remoteAddress, Map<String, String> headers) {

    public HboneRequest {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        headers = Map.copyOf(headers);
    }
}
