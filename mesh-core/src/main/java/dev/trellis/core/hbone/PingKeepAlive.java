package dev.trellis.core.hbone;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Liveness of a pooled connection: after an interval without any frame from the server, send a PING; if the
 * next interval passes without any frame either, the connection is dead (a peer node gone without a FIN) and
 * is closed, so its streams fail fast and the pool dials anew.
 */
final class PingKeepAlive extends ChannelDuplexHandler {

    private final long intervalNanos;
    private long lastRead = System.nanoTime();
    private boolean pingOutstanding;
    private ScheduledFuture<?> timer;

    PingKeepAlive(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        pingOutstanding = false;
        if (msg instanceof Http2PingFrame ping && ping.ack()) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void tick(ChannelHandlerContext ctx) {
        if (System.nanoTime() - lastRead < intervalNanos) {
            return;
        }
        if (pingOutstanding) {
            ctx.close();
            return;
        }
        pingOutstanding = true;
        ctx.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime()));
    }
}
