package dev.trellis.core.model.route;

import dev.trellis.core.model.ServiceKey;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A service (mesh routing, GAMMA) a route attaches to, optionally to one of its ports. Without a port the
 * route covers every port of the service.
 */
public record ParentRef(ServiceKey service, OptionalInt port) {

    public ParentRef {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(port, "port");
    }

    /** Whether a request to {@code target} on service port {@code servicePort} falls under this parent. */
    public boolean covers(ServiceKey target, int servicePort) {
        return service.equals(target) && (port.isEmpty() || port.getAsInt() == servicePort);
    }
}
