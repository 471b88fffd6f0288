package dev.trellis.controlplane.translate;

import dev.trellis.core.model.ServiceKey;
import java.util.Objects;
import java.util.OptionalInt;

/** What a TrafficPolicy configures: a whole Service, or one of its ports. */
public record TrafficTarget(ServiceKey service, OptionalInt port) {

    public TrafficTarget {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(port, "port");
    }

    public static TrafficTarget wholeService(ServiceKey service) {
        return new TrafficTarget(service, OptionalInt.empty());
    }

    @Override
    public String toString() {
        return service + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
}
