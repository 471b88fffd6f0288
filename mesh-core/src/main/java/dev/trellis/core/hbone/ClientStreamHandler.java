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
        Http2Headers headers = new DefaultHttp2Headers().method("CONNECT");
        if (!target.authority().isEmpty()) {
            // An empty authority goes out as none at all (HTTP/2 forbids an empty one); the server answers 400.
            headers.authority(target.authority());
        }
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
            ctx.channel().parent().attr(ConnectionFailure.ANSWERED).set(Boolean.TRUE);
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
        HboneException refused = ConnectionFailure.refusal(ctx.channel().parent(), target.address());
        if (refused != null) {
            // TLS 1.3: the server checks our certificate after our handshake finished, and refuses it here.
            if (result.completeExceptionally(refused)) {
                ctx.close();
            }
        } else {
            fail(ctx, HboneException.Kind.PROTOCOL, "stream to " + target.address() + " closed before an answer", 0);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                // TLS 1.3: the server's verdict on our certificate comes after our side of the handshake.
                fail(ctx, HboneException.Kind.HANDSHAKE_FAILED, "server " + target.address()
                        + " refused the connection: " + t.getMessage(), 0);
                return;
            }
        }
        fail(ctx, HboneException.Kind.PROTOCOL, "stream to " + target.address() + " failed: " + cause, 0);
    }

    private void fail(ChannelHandlerContext ctx, HboneException.Kind kind, String message, int status) {
        if (result.completeExceptionally(new HboneException(kind, status, message, null))) {
            ctx.close();
        }
    }
}
