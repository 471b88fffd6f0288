package dev.trellis.core.hbone;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Base of the one-shot handlers that wait for the TLS handshake: holds application data that arrives before
 * HTTP/2 is in place (TLS 1.3 lets the client send its HTTP/2 preface in the same flight as its Finished
 * message) and replays it into the handlers added behind, when the subclass removes itself.
 */
abstract class HandshakeBuffer extends ChannelInboundHandlerAdapter {

    private final Queue<Object> held = new ArrayDeque<>();
    private boolean discard;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discard) {
            ReferenceCountUtil.release(msg);
        } else {
            held.add(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Held until HTTP/2 is in place.
    }

    /** Drops what was held: the connection failed and is closing. */
    protected void discardHeld() {
        discard = true;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            return;
        }
        Object msg;
        while ((msg = held.poll()) != null) {
            ctx.fireChannelRead(msg);
        }
        ctx.fireChannelReadComplete();
    }
}
