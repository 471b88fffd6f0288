package dev.trellis.nodeagent.passthrough;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongConsumer;

/**
 * One direction of a relay: reads from its own channel, writes to the peer. Not sharable: one instance per
 * channel.
 *
 * <p>Backpressure: the channel has AUTO_READ off; after each read it asks for the next only while the peer
 * is writable. When the peer's outbound buffer drains below its low water mark, the peer's handler (which
 * sees the writability change on its own channel) asks this channel to read again. So at most the peer's
 * high water mark plus one read is buffered per direction.
 *
 * <p>Half-close: end of input on this channel becomes a shutdown of the peer's output once the writes
 * before it are flushed; when both inputs have ended, {@link RelaySession} closes both channels.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final RelaySession session;
    private final Channel peer;
    private final LongConsumer counter;

    RelayHandler(RelaySession session, Channel peer, LongConsumer counter) {
        this.session = session;
        this.peer = peer;
        this.counter = counter;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int bytes = msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                counter.accept(bytes);
            } else {
                session.fail(peer, f.cause());
            }
        });
        if (peer.isWritable()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This channel drained: the peer may read again what it will write here.
        if (ctx.channel().isWritable() && !session.inputEnded(peer)) {
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // Keep a read pending on the half-closed channel, asked for while this event is delivered (see
            // dev.trellis.core.hbone.Relay#keepRegistered for the Netty 4.2.18 epoll defect it avoids).
            ctx.read();
            session.inputEnded(ctx.channel(), peer);
            return;
        }
        if (evt instanceof ChannelInputShutdownReadComplete) {
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.channelClosed(ctx.channel(), peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.fail(ctx.channel(), cause);
    }

    /** Writes nothing, then runs {@code then} once every earlier write to {@code channel} has completed. */
    static void afterPendingWrites(Channel channel, ChannelFutureListener then) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(then);
    }
}
