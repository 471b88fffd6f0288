package dev.trellis.controlplane.store;

import dev.trellis.controlplane.store.GatewayResource.Listener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Gateway's class and listeners. A {@code trellis-waypoint} Gateway must listen for HBONE on
 * {@value #HBONE_PORT}, the port every waypoint serves.
 */
final class GatewayDecoder {

    static final int HBONE_PORT = 15008;

    private GatewayDecoder() {
    }

    static GatewayResource decode(FieldReader root, ObjectMeta meta) {
        FieldReader spec = root.object("spec")
                .orElseThrow(() -> new FieldException("spec", "missing (expected: gatewayClassName and listeners)"));
        String className = Names.dnsSubdomain(spec.requiredString("gatewayClassName", "a GatewayClass name"),
                spec.path("gatewayClassName"));
        List<Listener> listeners = listeners(spec);
        spec.done();
        root.done();
        GatewayResource gateway = new GatewayResource(meta, className, listeners, List.of());
        if (gateway.isWaypoint() && listeners.stream()
                .noneMatch(l -> l.port() == HBONE_PORT && l.protocol().equals("HBONE"))) {
            throw new FieldException(spec.path("listeners"), "no HBONE listener on port " + HBONE_PORT
                    + " (expected: one, as every " + GatewayResource.WAYPOINT_CLASS + " Gateway has)");
        }
        String waypointFor = meta.label(WaypointLabels.WAYPOINT_FOR, WaypointLabels.FOR_SERVICE);
        if (!WaypointLabels.FOR_VALUES.contains(waypointFor)) {
            throw FieldException.unexpected("metadata.labels." + WaypointLabels.WAYPOINT_FOR, waypointFor,
                    String.join(", ", WaypointLabels.FOR_VALUES));
        }
        return gateway;
    }

    private static List<Listener> listeners(FieldReader spec) {
        List<FieldReader> items = spec.objects("listeners");
        if (items.isEmpty()) {
            throw new FieldException(spec.path("listeners"), "missing (expected: at least one listener)");
        }
        List<Listener> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FieldReader l : items) {
            String name = Names.dnsSubdomain(l.requiredString("name", "a listener name"), l.path("name"));
            if (!names.add(name)) {
                throw FieldException.unexpected(l.path("name"), name, "a name no other listener has");
            }
            int port = l.requiredIntInRange("port", 1, 65535);
            String protocol = l.requiredString("protocol", "HBONE, HTTP, HTTPS, TLS or TCP");
            listeners.add(new Listener(name, port, protocol, l.string("hostname")));
            l.done();
        }
        return listeners;
    }
}
