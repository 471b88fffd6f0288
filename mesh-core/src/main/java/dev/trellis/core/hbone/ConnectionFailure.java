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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().attr(KEY).setIfAbsent(cause);
        ctx.fireExceptionCaught(cause);
    }
}
