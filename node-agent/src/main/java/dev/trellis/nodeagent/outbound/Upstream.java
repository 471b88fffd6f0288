package dev.trellis.nodeagent.outbound;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Workload;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One place to connect to, in the order the plan gives.
 *
 * @param transport HBONE (mutual TLS tunnel to the peer's port 15008) or plain TCP
 * @param address where to open the TCP connection ({@code <ip>:15008} for HBONE)
 * @param identity for HBONE, the SPIFFE ID the peer must present; empty for TCP
 * @param authority for HBONE, the CONNECT {@code :authority} ({@code <ip>:<port>} of the final target, or
 *     the original {@code VIP:port} when going through a waypoint); empty for TCP
 * @param workload the workload behind the address, when the snapshot knows it (for telemetry)
 */
public record Upstream(Transport transport, InetSocketAddress address, Optional<SpiffeId> identity,
        Optional<InetSocketAddress> authority, Optional<Workload> workload) {

    public Upstream {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(workload, "workload");
        if (transport == Transport.HBONE && (identity.isEmpty() || authority.isEmpty())) {
            throw new IllegalArgumentException("HBONE upstream " + address + ": needs an identity and an authority");
        }
    }

    /** An HBONE tunnel to {@code workload} at {@code address}, asking for {@code authority}. */
    static Upstream hbone(InetSocketAddress address, Workload workload, InetSocketAddress authority) {
        return new Upstream(Transport.HBONE, address, Optional.of(workload.identity()), Optional.of(authority),
                Optional.of(workload));
    }

    /** A plain TCP connection to {@code address}. */
    static Upstream tcp(InetSocketAddress address, Optional<Workload> workload) {
        return new Upstream(Transport.TCP, address, Optional.empty(), Optional.empty(), workload);
    }

    /** How bytes reach the upstream. */
    public enum Transport {
        HBONE,
        TCP
    }
}
