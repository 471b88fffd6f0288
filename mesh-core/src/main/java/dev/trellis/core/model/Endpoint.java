package dev.trellis.core.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One workload behind a service.
 *
 * @param workloadUid the {@link Workload#uid()} of the backing pod
 * @param address the address to connect to (the pod IP of the family the caller uses)
 * @param ready whether the endpoint should receive new connections
 */
public record Endpoint(String workloadUid, InetAddress address, boolean ready) {

    public Endpoint {
        Objects.requireNonNull(workloadUid, "workloadUid");
        Objects.requireNonNull(address, "address");
    }
}
