package dev.trellis.core.hbone;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Holds what a channel delivers before a {@link Relay} takes it over, then replays it into the relay when
 * the relay removes it. Install it on every channel that will be relayed: on a stream, bytes can come in the
 * same read as the 200 answer; on an epoll socket, a peer's half-close is read even with auto-read off, so a
 * short request followed by FIN arrives before the relay exists. What is held is bounded by the socket's
 * receive buffer or the stream's window.
 */
public final class EarlyBytes extends ChannelInboundHandlerAdapter {

    static final String NAME = "early-bytes";

    private final Queue<Object> held = new ArrayDeque<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        held.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            Relay.keepRegistered(ctx.channel());
        } else if (evt instanceof io.netty.channel.socket.ChannelInputShutdownReadComplete) {
            return;
        }
        held.add(new Event(evt));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Swallowed: the relay asks for reads itself once it is in place.
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        Object o;
        while ((o = held.poll()) != null) {
            if (o instanceof Event e) {
                ctx.fireUserEventTriggered(e.event() instanceof io.netty.channel.socket.ChannelInputShutdownEvent
                        ? ReplayedEndOfInput.INSTANCE : e.event());
            } else {
                ctx.fireChannelRead(o);
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        ctx.fireChannelInactive();
    }

    private record Event(Object event) {
    }

    /** End of input that happened before the relay: the read that keeps the socket registered was asked already. */
    enum ReplayedEndOfInput {
        INSTANCE
    }
}
