package dev.trellis.nodeagent.passthrough;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Holds what the caller sends while the upstream is still connecting, then replays it into the relay and
 * removes itself. One-shot, not sharable.
 *
 * <p>Needed because the epoll transport reads a socket that reports EPOLLRDHUP even with AUTO_READ off: a
 * short request followed by the caller's half-close ({@code printf GET | nc}) arrives before the relay
 * exists, and would otherwise fall off the pipeline. What is held is bounded by the socket's receive
 * buffer: without RDHUP nothing is read before the relay asks.
 */
final class EarlyInboundHandler extends ChannelInboundHandlerAdapter {

    private final Queue<Object> held = new ArrayDeque<>();
    private boolean inputShutdown;
    private boolean inputShutdownReadComplete;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        held.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            // See RelayHandler: keep a read pending, asked for now, so that epoll keeps the socket registered.
            ctx.read();
        } else if (evt instanceof ChannelInputShutdownReadComplete) {
            inputShutdownReadComplete = true;
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Passes on what was held to the handlers after this one (the relay), then leaves the pipeline. */
    void replay(ChannelHandlerContext ctx) {
        for (Object msg; (msg = held.poll()) != null; ) {
            ctx.fireChannelRead(msg);
        }
        if (inputShutdown) {
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        if (inputShutdownReadComplete) {
            ctx.fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Object msg; (msg = held.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
    }
}
