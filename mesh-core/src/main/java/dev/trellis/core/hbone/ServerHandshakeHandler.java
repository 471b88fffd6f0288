package dev.trellis.core.hbone;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the TLS handshake of an accepted connection. On success it records the peer's identity and
 * replaces itself with HTTP/2; on failure it counts the reason, logs it once, and closes. One-shot.
 */
final class ServerHandshakeHandler extends HandshakeBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHandshakeHandler.class);

    private final HboneRequestHandler handler;
    private final HboneSettings settings;
    private final HboneMetrics metrics;

    ServerHandshakeHandler(HboneRequestHandler handler, HboneSettings settings, HboneMetrics metrics) {
        this.handler = handler;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!done.isSuccess()) {
            reject(ctx, HandshakeFailures.classify(done.cause()), done.cause().toString());
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
            reject(ctx, HboneRejection.NOT_HTTP2, "ALPN selected " + ssl.applicationProtocol());
            return;
        }
        ctx.channel().attr(PeerIdentity.KEY).set(PeerIdentity.from(ssl.engine().getSession()));
        Http2FrameCodec codec = Http2Codecs.server(settings);
        ctx.pipeline().addAfter(ctx.name(), "h2", codec);
        ctx.pipeline().addAfter("h2", "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast("hbone-stream", new ServerStreamHandler(handler, metrics, settings));
            }
        }));
        // Removes itself once it has raised the connection window.
        ctx.pipeline().addAfter("h2", "h2-window", Http2Codecs.connectionWindow(codec, settings));
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Handshake errors arrive here too; the completion event classifies them. Anything else ends the connection.
        LOG.debug("HBONE connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void reject(ChannelHandlerContext ctx, HboneRejection reason, String detail) {
        discardHeld();
        metrics.rejected(reason);
        LOG.info("HBONE connection from {} refused ({}): {}", ctx.channel().remoteAddress(), reason.label(), detail);
        ctx.close();
    }
}
