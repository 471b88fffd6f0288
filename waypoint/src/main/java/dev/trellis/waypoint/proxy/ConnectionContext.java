package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.Service;
import dev.trellis.waypoint.route.Caller;
import dev.trellis.waypoint.route.Destination;
import java.util.Objects;

/** What one tunnelled connection is: who called and which service port it was addressed to. */
record ConnectionContext(Caller caller, Destination destination, Service service) {

    ConnectionContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(service, "service");
    }
}
