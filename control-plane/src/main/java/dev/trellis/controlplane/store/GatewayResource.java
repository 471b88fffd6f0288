package dev.trellis.controlplane.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Gateway API {@code Gateway}. One of class {@value #WAYPOINT_CLASS} is a waypoint, reached through the
 * Service of the same name and namespace.
 *
 * @param meta metadata; the {@code trellis.dev/waypoint-for} label says what it serves
 * @param gatewayClassName its class
 * @param listeners its listeners
 * @param conditions status conditions written by the control plane
 */
public record GatewayResource(ObjectMeta meta, String gatewayClassName, List<Listener> listeners,
        List<Condition> conditions) implements Resource {

    public static final String WAYPOINT_CLASS = "trellis-waypoint";

    public GatewayResource {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(gatewayClassName, "gatewayClassName");
        listeners = List.copyOf(listeners);
        conditions = List.copyOf(conditions);
    }

    @Override
    public Kind kind() {
        return Kind.GATEWAY;
    }

    @Override
    public GatewayResource withMeta(ObjectMeta meta) {
        return new GatewayResource(meta, gatewayClassName, listeners, conditions);
    }

    public GatewayResource withConditions(List<Condition> newConditions) {
        return new GatewayResource(meta, gatewayClassName, listeners, newConditions);
    }

    public boolean isWaypoint() {
        return gatewayClassName.equals(WAYPOINT_CLASS);
    }

    /** One listener: name, port, protocol ({@code HBONE} for waypoints) and an optional hostname. */
    public record Listener(String name, int port, String protocol, Optional<String> hostname) {
        public Listener {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(hostname, "hostname");
        }
    }
}
