package dev.trellis.controlplane.store;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code v1 Service}.
 *
 * @param meta metadata; the {@code trellis.dev/use-waypoint} label binds a waypoint
 * @param clusterIPs its virtual IPs, primary first; empty for a headless service ({@code clusterIP: None});
 *     the store allocates one when the file gives none (see {@link #headless()})
 * @param headless whether {@code clusterIP: None} was written
 * @param ports its ports
 * @param selector the pod labels that pick its endpoints (empty: no endpoints are computed)
 */
public record ServiceResource(ObjectMeta meta, List<InetAddress> clusterIPs, boolean headless,
        List<Port> ports, Map<String, String> selector) implements Resource {

    public ServiceResource {
        Objects.requireNonNull(meta, "meta");
        clusterIPs = List.copyOf(clusterIPs);
        ports = List.copyOf(ports);
        selector = Map.copyOf(selector);
    }

    @Override
    public Kind kind() {
        return Kind.SERVICE;
    }

    @Override
    public ServiceResource withMeta(ObjectMeta meta) {
        return new ServiceResource(meta, clusterIPs, headless, ports, selector);
    }

    public ServiceResource withClusterIPs(List<InetAddress> ips) {
        return new ServiceResource(meta, ips, headless, ports, selector);
    }

    /** Whether the store must allocate a VIP: not headless and none written. */
    public boolean needsVip() {
        return !headless && clusterIPs.isEmpty();
    }

    /**
     * One service port.
     *
     * @param name the port name (may be empty when the service has a single port)
     * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
     * @param port the port on the VIP
     * @param targetPort the port on the pods: a number, or the name of a container port
     * @param appProtocol the declared application protocol
     */
    public record Port(String name, String protocol, int port, TargetPort targetPort, Optional<String> appProtocol) {
        public Port {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(targetPort, "targetPort");
            Objects.requireNonNull(appProtocol, "appProtocol");
        }
    }

    /** A target port: a number or a container port name (exactly one is set). */
    public record TargetPort(int number, String name) {
        public TargetPort {
            Objects.requireNonNull(name, "name");
            if ((number == 0) == name.isEmpty()) {
                throw new IllegalArgumentException("targetPort: exactly one of number and name");
            }
        }

        public static TargetPort number(int number) {
            return new TargetPort(number, "");
        }

        public static TargetPort named(String name) {
            return new TargetPort(0, name);
        }

        public boolean isNamed() {
            return !name.isEmpty();
        }

        @Override
        public String toString() {
            return isNamed() ? name : Integer.toString(number);
        }
    }
}
