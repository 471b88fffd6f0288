package dev.trellis.core.hbone;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;

/** A bare TLS client for tests: handshakes with any context and reports the outcome and the peer's chain. */
final class RawTls {

    /** The handshake's result: the failure, or the server's certificates. */
    record Outcome(Throwable failure, Certificate[] peerCertificates) {
    }

    private RawTls() {
    }

    static Outcome handshake(EventLoopGroup group, InetSocketAddress server, SslContext context)
            throws InterruptedException {
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        // Kept here: when the server refuses quickly, the pipeline may already be torn down when we look.
        var sslHandler = new java.util.concurrent.atomic.AtomicReference<SslHandler>();
        Channel ch = new Bootstrap().group(group).channel(dev.trellis.core.transport.Transport.best().socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        SslHandler handler = context.newHandler(c.alloc());
                        sslHandler.set(handler);
                        c.pipeline().addLast(handler);
                        c.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                                failure.compareAndSet(null, cause);
                                ctx.close();
                            }
                        });
                    }
                })
                .connect(server).sync().channel();
        try {
            SslHandler ssl = sslHandler.get();
            var done = ssl.handshakeFuture().await(10, TimeUnit.SECONDS);
            if (!done) {
                return new Outcome(new IllegalStateException("handshake did not finish"), null);
            }
            if (!ssl.handshakeFuture().isSuccess()) {
                return new Outcome(ssl.handshakeFuture().cause(), null);
            }
            // TLS 1.3 servers may reject the client's certificate after the client finished: wait for that.
            Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
            if (ch.closeFuture().await(1, TimeUnit.SECONDS)) {
                return new Outcome(failure.get() != null ? failure.get()
                        : new java.io.IOException("the server closed the connection after the handshake"), peer);
            }
            return new Outcome(null, peer);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return new Outcome(e, null);
        } finally {
            ch.close().sync();
        }
    }
}
