package dev.trellis.nodeagent.outbound;

import dev.trellis.core.model.Service;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one captured outbound connection goes, decided before any I/O.
 *
 * <p>Invariant: a refused route has no upstreams; any other has at least one. The upstreams are in the
 * order to try: the load balancer's pick first, then the others, so that a connect failure can move on to
 * the next healthy endpoint.
 *
 * @param route what kind of decision this is
 * @param destination the original destination the application asked for
 * @param service the service addressed, when the destination was a service VIP
 * @param upstreams the places to connect to, in order
 * @param reason one line saying why, for logs and access-log errors
 */
public record OutboundPlan(Route route, InetSocketAddress destination, Optional<Service> service,
        List<Upstream> upstreams, String reason) {

    public OutboundPlan {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(service, "service");
        upstreams = List.copyOf(upstreams);
        Objects.requireNonNull(reason, "reason");
        if (route.refused() != upstreams.isEmpty()) {
            throw new IllegalArgumentException("plan " + route + " with " + upstreams.size()
                    + " upstreams (expected: none when refused, some otherwise)");
        }
    }

    static OutboundPlan refused(Route route, InetSocketAddress destination, Optional<Service> service,
            String reason) {
        return new OutboundPlan(route, destination, service, List.of(), reason);
    }
}
