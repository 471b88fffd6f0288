package dev.trellis.core.model.route;

import dev.trellis.core.model.ServiceKey;
import java.util.Objects;

/**
 * A weighted backend of a rule: a service port. Weight 0 keeps the backend listed but sends it nothing.
 */
public record BackendRef(ServiceKey service, int port, int weight) {

    /** Gateway API's bound on a backend weight. */
    public static final int MAX_WEIGHT = 1_000_000;

    public BackendRef {
        Objects.requireNonNull(service, "service");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0-" + MAX_WEIGHT + ")");
        }
    }
}
