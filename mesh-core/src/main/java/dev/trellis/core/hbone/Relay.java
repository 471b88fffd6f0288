package dev.trellis.core.hbone;

import dev.trellis.core.transport.EpollRegistrationRepair;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * Splices two byte channels (TCP sockets or HBONE streams, in any pairing) so bytes flow both ways until both
 * sides have finished.
 *
 * <p>Backpressure: both channels run with auto-read off; a side is read again only when the other side
 * accepted the previous batch (flushed and still writable) or becomes writable again, so a slow reader stops
 * the writer instead of filling memory. Half-close: end of input on one side (FIN, END_STREAM) becomes a
 * half-close of the other side's output; when both directions have ended, both close. A reset on one side
 * (RST, RST_STREAM, an I/O error, a peer gone) resets the other.
 *
 * <p>Sockets must have {@code ALLOW_HALF_CLOSURE} set for FIN to be seen as half-close.
 */
public final class Relay {

    private final Channel a;
    private final Channel b;
    private final Consumer<RelayResult> onDone;
    private boolean aInputDone;
    private boolean bInputDone;
    private boolean finished;
    private boolean resetting;
    private Failure failure;
    private long aToB;
    private long bToA;

    private Relay(Channel a, Channel b, Consumer<RelayResult> onDone) {
        this.a = a;
        this.b = b;
        this.onDone = onDone;
    }

    /**
     * Starts relaying between {@code a} and {@code b}; {@code onDone} runs once, with the byte counts, when
     * both are closed. Both channels must be registered and active; auto-read is turned off on both.
     */
    public static void splice(Channel a, Channel b, Consumer<RelayResult> onDone) {
        Relay relay = new Relay(a, b, onDone);
        for (Channel c : new Channel[] {a, b}) {
            if (!inputShutdown(c)) {
                c.config().setAutoRead(false);
            }
        }
        a.pipeline().addLast("relay", relay.new Side(a, b, true));
        b.pipeline().addLast("relay", relay.new Side(b, a, false));
        a.closeFuture().addListener(f -> relay.closed(a, b));
        b.closeFuture().addListener(f -> relay.closed(b, a));
        start(a);
        start(b);
    }

    /** Replays bytes a stream received before the relay was in place, then asks for more. */
    private static void start(Channel channel) {
        channel.eventLoop().execute(() -> {
            EarlyBytes early = channel.pipeline().get(EarlyBytes.class);
            if (early != null) {
                channel.pipeline().remove(early);
            }
            if (!inputShutdown(channel)) {
                channel.read();
            }
        });
    }

    /**
     * How a relay ended: the bytes each way, and what ended it abnormally, if anything (then both sides were
     * reset). Empty failure means both sides finished with a half-close.
     */
    public record RelayResult(long bytesAToB, long bytesBToA, java.util.Optional<Failure> failure) {
        public boolean clean() {
            return failure.isEmpty();
        }
    }

    /** The first failure of a relay: on which side ({@code a} is the first channel given to splice) and why. */
    public record Failure(boolean onA, Throwable cause) {
    }

    /**
     * {@code self} has no more input: once everything already written to {@code peer} has gone out, half-close
     * {@code peer}'s output; when both directions are half-closed, close both.
     */
    private void inputDone(Channel self, Channel peer, boolean selfIsA) {
        afterPendingWrites(peer, () -> ByteEnd.of(peer).shutdownOutput(peer).addListener(f -> {
            if (!f.isSuccess()) {
                fail(peer, self, f.cause());
                return;
            }
            boolean both;
            synchronized (this) {
                if (selfIsA) {
                    aInputDone = true;
                } else {
                    bInputDone = true;
                }
                both = aInputDone && bInputDone;
            }
            if (both) {
                a.close();
                b.close();
            }
        }));
    }

    /** Runs {@code then} once every write queued on {@code channel} so far has completed (HTTP/2 keeps order). */
    private void afterPendingWrites(Channel channel, Runnable then) {
        if (ByteEnd.of(channel) == ByteEnd.STREAM) {
            channel.flush();
            then.run();
            return;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess()) {
                then.run();
            } else {
                fail(channel, channel == a ? b : a, f.cause());
            }
        });
    }

    /** Records why {@code self} failed and resets both sides. */
    private void fail(Channel self, Channel peer, Throwable cause) {
        synchronized (this) {
            if (failure == null) {
                failure = new Failure(self == a, cause);
            }
        }
        reset(self, peer);
    }

    /** Resets both sides, once: later failures (writes to a side already reset) must not send more resets. */
    private void reset(Channel self, Channel peer) {
        synchronized (this) {
            if (resetting) {
                return;
            }
            resetting = true;
        }
        ByteEnd.of(peer).reset(peer);
        ByteEnd.of(self).reset(self);
    }

    private void closed(Channel self, Channel peer) {
        boolean clean;
        synchronized (this) {
            if (finished) {
                return;
            }
            clean = aInputDone && bInputDone;
            if (!clean && failure == null) {
                failure = new Failure(self == a, new java.nio.channels.ClosedChannelException());
            }
            if (!clean && peer.isOpen()) {
                // One side vanished before both directions ended: the other must see a reset, not a FIN.
                ByteEnd.of(peer).reset(peer);
            }
            if (peer.isOpen()) {
                return;
            }
            finished = true;
        }
        onDone.accept(new RelayResult(aToB, bToA, clean ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(failure)));
    }

    /**
     * Works around Netty 4.2.18's epoll transport, which drops a socket from epoll when its input ends with
     * nothing else registered (see {@link EpollRegistrationRepair}): the registration is repaired, and
     * auto-read is turned on for good so that EPOLLIN stays set (nothing more can be read, so it costs
     * nothing). Called while the input-shutdown event is being delivered.
     */
    static void keepRegistered(Channel channel) {
        if (!(channel instanceof io.netty.handler.codec.http2.Http2StreamChannel)) {
            EpollRegistrationRepair.afterInputShutdown(channel);
            channel.config().setAutoRead(true);
        }
    }

    /**
     * The other path of the same Netty defect: a half-closed socket that is being written to had EPOLLOUT set
     * when its input ended (so the repair above found interest left); once that write completed, its interest
     * dropped to none and Netty deleted it from epoll. The next write that must wait then fails with ENOENT.
     * Repairing before each flush towards such a socket covers it (a no-op while it is still registered).
     * Runs on the socket's own event loop, ahead of the flush queued there.
     */
    private static void repairBeforeFlush(Channel peer) {
        if (!inputShutdown(peer)) {
            return;
        }
        if (peer.eventLoop().inEventLoop()) {
            EpollRegistrationRepair.afterInputShutdown(peer);
        } else {
            peer.eventLoop().execute(() -> EpollRegistrationRepair.afterInputShutdown(peer));
        }
    }

    /** Whether {@code channel} is a socket whose input already ended (auto-read must then stay on). */
    private static boolean inputShutdown(Channel channel) {
        return channel instanceof io.netty.channel.socket.DuplexChannel d && d.isInputShutdown();
    }

    /** The relay's handler on one channel: forwards what it reads to the peer. */
    private final class Side extends ChannelInboundHandlerAdapter {
        private final Channel self;
        private final Channel peer;
        private final boolean selfIsA;
        /** Set at end of input: from then on only the epoll work-around below may ask for a read. */
        private boolean inputEnded;

        Side(Channel self, Channel peer, boolean selfIsA) {
            this.self = self;
            this.peer = peer;
            this.selfIsA = selfIsA;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof io.netty.buffer.ByteBuf buf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!peer.isActive()) {
                // The other side is gone (reset or closed): nothing more can be delivered.
                buf.release();
                return;
            }
            int n = buf.readableBytes();
            if (selfIsA) {
                aToB += n;
            } else {
                bToA += n;
            }
            peer.write(buf, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            repairBeforeFlush(peer);
            peer.flush();
            if (peer.isWritable() && !inputEnded) {
                self.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (self.isWritable()) {
                Side other = (Side) peer.pipeline().get("relay");
                if (other != null && !other.inputEnded) {
                    peer.read();
                }
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                inputEnded = true;
                keepRegistered(self);
                inputDone(self, peer, selfIsA);
            } else if (evt instanceof EarlyBytes.ReplayedEndOfInput) {
                inputEnded = true;
                inputDone(self, peer, selfIsA);
            } else if (evt instanceof StreamByteCodec.StreamResetEvent r) {
                fail(self, peer, new java.io.IOException("stream reset by the peer (HTTP/2 error " + r.errorCode() + ")"));
            } else if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
                fail(self, peer, new java.io.IOException("idle for longer than the idle timeout"));
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(self, peer, cause);
        }
    }
}
