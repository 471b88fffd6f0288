package dev.trellis.core.hbone;

/**
 * Decides what becomes of a CONNECT: runs on the stream's event loop and must not block. It answers through
 * the responder exactly once, typically after checking policy and connecting the upstream.
 */
@FunctionalInterface
public interface HboneRequestHandler {

    void handle(HboneRequest request, HboneResponder responder);

    /** Connects every request straight to its target (no policy): for tests, benchmarks and the waypoint's own use. */
    static HboneRequestHandler direct(UpstreamConnector connector) {
        return (request, responder) -> connector.connect(request.target(), responder.eventLoop())
                .addListener(f -> {
                    if (f.isSuccess()) {
                        responder.accept((io.netty.channel.Channel) f.getNow());
                    } else {
                        responder.reject(HboneRejection.UPSTREAM_FAILED, String.valueOf(f.cause()));
                    }
                });
    }
}
