package dev.trellis.core.hbone;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Remembers why a client connection failed (for instance the server's TLS alert when it refuses our
 * certificate, which in TLS 1.3 arrives after our side of the handshake completed), so that the streams
 * failing with it can tell the caller the real reason. Sits between TLS and HTTP/2, which would swallow it.
 */
final class ConnectionFailure extends ChannelInboundHandlerAdapter {

    static final AttributeKey<Throwable> KEY = AttributeKey.valueOf("trellis.connectionFailure");
    /** Set once the server answered any stream on the connection: it accepted us. */
    static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf("trellis.connectionAnswered");

    /**
     * When a stream on {@code connection} could not be used: a {@code HANDSHAKE_FAILED} error if the server
     * refused the connection (its TLS alert was recorded, or it closed a connection that never answered a
     * stream), else null.
     */
    static HboneException refusal(io.netty.channel.Channel connection, Object target) {
        Throwable failure = connection.attr(KEY).get();
        if (failure != null) {
            return new HboneException(HboneException.Kind.HANDSHAKE_FAILED, 0, "server " + target
                    + " refused the connection: " + failure.getMessage(), failure);
        }
        if (!connection.isActive() && connection.attr(ANSWERED).get() == null) {
            return new HboneException(HboneException.Kind.HANDSHAKE_FAILED, 0, "server " + target + " closed a new "
                    + "connection without answering: it most likely refused our certificate (expired, untrusted "
                    + "root, or no SPIFFE ID); its trellis_hbone_rejected_total says which", null);
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().attr(KEY).setIfAbsent(cause);
        ctx.fireExceptionCaught(cause);
    }
}
