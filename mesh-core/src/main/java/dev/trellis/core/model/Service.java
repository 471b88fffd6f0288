package dev.trellis.core.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes Service as a proxy sees it.
 *
 * @param key namespace and name
 * @param hostname the fully qualified name, {@code <name>.<namespace>.svc.<cluster-domain>}
 * @param vips the service's virtual IPs (one per family for dual-stack; empty for a headless service)
 * @param ports the service ports with the target port on each endpoint
 * @param endpoints the workloads behind the service (ready or not; see {@link Endpoint#ready()})
 * @param waypoint the waypoint bound to this service ({@code trellis.dev/use-waypoint}), if any
 * @param trafficPolicy load balancing and resilience for this destination
 */
public record Service(
        ServiceKey key,
        String hostname,
        List<InetAddress> vips,
        List<ServicePort> ports,
        List<Endpoint> endpoints,
        Optional<WaypointRef> waypoint,
        TrafficPolicy trafficPolicy) {

    public Service {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hostname, "hostname");
        vips = List.copyOf(vips);
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(waypoint, "waypoint");
        Objects.requireNonNull(trafficPolicy, "trafficPolicy");
    }

    /** The service port numbered {@code port}, if the service exposes it. */
    public Optional<ServicePort> port(int port) {
        for (ServicePort p : ports) {
            if (p.port() == port) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
