package dev.trellis.waypoint.route;

import dev.trellis.core.model.ServiceKey;
import java.util.Objects;

/** The service and service port a tunnelled connection was addressed to (from the CONNECT authority). */
public record Destination(ServiceKey service, int port) {

    public Destination {
        Objects.requireNonNull(service, "service");
    }
}
