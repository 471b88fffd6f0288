package dev.trellis.core.hbone;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens one tunnel on a new stream: sends the CONNECT, waits for the answer, and on 200 turns the stream into
 * a byte channel (holding any bytes that came with the answer until a relay takes over). One-shot.
 */
final class ClientStreamHandler extends ChannelInboundHandlerAdapter {

    private final HboneTarget target;
    private final HboneSettings settings;
    private final CompletableFuture<Channel> result;

    ClientStreamHandler(HboneTarget target, HboneSettings settings, CompletableFuture<Channel> result) {
        this.target = target;
        this.settings = settings;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        Http2Headers headers = new DefaultHttp2Headers().method("CONNECT").authority(target.authority());
        target.headers().forEach(headers::set);
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, HboneException.Kind.PROTOCOL, "CONNECT could not be sent: " + f.cause(), 0);
            }
        });
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof Http2HeadersFrame frame) || result.isDone()) {
                return;
            }
            CharSequence status = frame.headers().status();
            if (!"200".contentEquals(status == null ? "" : status)) {
                int code = status == null ? 0 : Integer.parseInt(status.toString());
                fail(ctx, HboneException.Kind.REFUSED, "server " + target.address() + " answered " + status
                        + " to CONNECT " + target.authority(), code);
                return;
            }
            var pipeline = ctx.pipeline();
            pipeline.replace(this, "bytes", new StreamByteCodec());
            pipeline.addBefore("bytes", "idle", new IdleStateHandler(0, 0,
                    settings.idleStreamTimeout().toMillis(), TimeUnit.MILLISECONDS));
            pipeline.addAfter("bytes", EarlyBytes.NAME, new EarlyBytes());
            result.complete(ctx.channel());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, HboneException.Kind.PROTOCOL, "stream to " + target.address() + " closed before an answer", 0);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, HboneException.Kind.PROTOCOL, "stream to " + target.address() + " failed: " + cause, 0);
    }

    private void fail(ChannelHandlerContext ctx, HboneException.Kind kind, String message, int status) {
        if (result.completeExceptionally(new HboneException(kind, status, message, null))) {
            ctx.close();
        }
    }
}
