package dev.trellis.waypoint.proxy;

import dev.trellis.core.hbone.HboneRejection;
import dev.trellis.core.hbone.HboneRequest;
import dev.trellis.core.hbone.HboneRequestHandler;
import dev.trellis.core.hbone.HboneResponder;
import dev.trellis.core.model.Service;
import dev.trellis.waypoint.route.Caller;
import dev.trellis.waypoint.route.Destination;
import dev.trellis.waypoint.state.WaypointState;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides each CONNECT to the waypoint: the authority must be a service VIP and port the snapshot knows (else
 * 503, "not served here"); the caller is the peer's verified identity plus the {@code forwarded} address. The
 * accepted tunnel is spliced onto a connection to the {@link InternalListener}.
 */
final class TunnelAcceptor implements HboneRequestHandler {

    private final WaypointState state;
    private final InternalListener internal;

    TunnelAcceptor(WaypointState state, InternalListener internal) {
        this.state = state;
        this.internal = internal;
    }

    @Override
    public void handle(HboneRequest request, HboneResponder responder) {
        Optional<Service> service = state.current().mesh().serviceAt(request.target().getAddress());
        int port = request.target().getPort();
        if (service.isEmpty() || service.get().port(port).isEmpty()) {
            responder.reject(HboneRejection.UPSTREAM_FAILED, request.target()
                    + " is not a service port this waypoint serves (is the service bound to this waypoint?)");
            return;
        }
        Caller caller = new Caller(request.peer(), forwardedFor(request.headers().get("forwarded")));
        ConnectionContext context = new ConnectionContext(caller, new Destination(service.get().key(), port),
                service.get());
        internal.connect(context, responder.eventLoop()).addListener(f -> {
            if (f.isSuccess()) {
                responder.accept((Channel) f.getNow());
            } else {
                responder.reject(HboneRejection.UPSTREAM_FAILED, "internal listener: " + f.cause());
            }
        });
    }

    /** The address in {@code for="<ip>"} (IPv6 in brackets), if any and literal. */
    static Optional<InetAddress> forwardedFor(String forwarded) {
        if (forwarded == null) {
            return Optional.empty();
        }
        int i = forwarded.toLowerCase(java.util.Locale.ROOT).indexOf("for=");
        if (i < 0) {
            return Optional.empty();
        }
        String v = forwarded.substring(i + 4).split("[;,]", 2)[0].replace("\"", "").trim();
        if (v.startsWith("[")) {
            v = v.substring(1, v.indexOf(']') > 0 ? v.indexOf(']') : v.length());
        }
        try {
            return Optional.of(InetAddress.ofLiteral(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
