package dev.trellis.core.lifecycle;

import dev.trellis.core.admin.AdminEndpoint;
import dev.trellis.core.admin.AdminRequest;
import dev.trellis.core.admin.AdminResponse;
import java.util.Map;

/**
 * {@code /healthz/ready}: 200 {@code ready} when no blocker is open, else 503 with the open blockers' names,
 * so that an operator sees why a proxy is not ready.
 */
public final class ReadinessEndpoint implements AdminEndpoint {

    /** The readiness path the kubelet probes. */
    public static final String PATH = "/healthz/ready";

    private final Readiness readiness;

    public ReadinessEndpoint(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        var blockers = readiness.blockers();
        if (blockers.isEmpty()) {
            return AdminResponse.text(200, "ready\n");
        }
        return AdminResponse.json(503, Map.of("ready", false, "blockers", blockers));
    }
}
