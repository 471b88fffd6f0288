package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Finishes a new client connection: after the handshake, checks that ALPN chose h2 and that the server is the
 * identity we meant to reach, then adds HTTP/2 and completes the dial. One-shot.
 */
final class ClientHandshakeHandler extends HandshakeBuffer {

    private final SpiffeId expected;
    private final HboneSettings settings;
    private final CompletableFuture<HboneConnection> dial;

    ClientHandshakeHandler(SpiffeId expected, HboneSettings settings, CompletableFuture<HboneConnection> dial) {
        this.expected = expected;
        this.settings = settings;
        this.dial = dial;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!done.isSuccess()) {
            fail(ctx, HboneException.Kind.HANDSHAKE_FAILED, "TLS handshake with " + ctx.channel().remoteAddress()
                    + " failed: " + done.cause().getMessage(), done.cause());
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        SpiffeId actual = PeerIdentity.from(ssl.engine().getSession());
        if (!actual.equals(expected)) {
            fail(ctx, HboneException.Kind.WRONG_SERVER_IDENTITY, "server " + ctx.channel().remoteAddress()
                    + " presented " + actual + " (expected: " + expected + ")", null);
            return;
        }
        if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
            fail(ctx, HboneException.Kind.PROTOCOL, "server did not select h2 by ALPN", null);
            return;
        }
        ctx.channel().attr(PeerIdentity.KEY).set(actual);
        Http2FrameCodec codec = Http2Codecs.client(settings);
        ctx.pipeline().addAfter(ctx.name(), "h2", codec);
        ctx.pipeline().addBefore("h2", "failure", new ConnectionFailure());
        ctx.pipeline().addAfter("h2", "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel pushed) {
                pushed.close(); // servers never open streams towards a client
            }
        }));
        ctx.pipeline().addAfter("h2-streams", "h2-ping", new PingKeepAlive(settings.pingInterval()));
        // Removes itself once it has raised the connection window.
        ctx.pipeline().addAfter("h2", "h2-window", Http2Codecs.connectionWindow(codec, settings));
        ctx.pipeline().remove(this);
        dial.complete(new HboneConnection(ctx.channel()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, HboneException.Kind.HANDSHAKE_FAILED, "connection to " + ctx.channel().remoteAddress() + " failed: "
                + cause.getMessage(), cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, HboneException.Kind.HANDSHAKE_FAILED, "connection to " + ctx.channel().remoteAddress()
                + " closed during the TLS handshake", null);
    }

    private void fail(ChannelHandlerContext ctx, HboneException.Kind kind, String message, Throwable cause) {
        discardHeld();
        dial.completeExceptionally(new HboneException(kind, 0, message, cause));
        ctx.close();
    }
}
