package dev.trellis.ctl.sample;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sample echo server: HTTP/1.1, h2c (prior knowledge or upgrade) and gRPC on one port, on all addresses
 * of its network namespace (a pod's).
 */
public final class EchoServer implements AutoCloseable {

    private static final int MAX_BODY = 1 << 20;

    private final EventLoopGroup group;
    private final Channel channel;

    private EchoServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Starts serving on {@code port} (0 for any free port). */
    public static EchoServer start(int port, EchoIdentity identity) throws InterruptedException {
        EchoResponder responder = new EchoResponder(identity, () -> ThreadLocalRandom.current().nextDouble());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        configure(ch, responder);
                    }
                })
                .bind(new InetSocketAddress(port)).sync().channel();
        return new EchoServer(group, channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    private static void configure(SocketChannel ch, EchoResponder responder) {
        HttpServerCodec http1 = new HttpServerCodec();
        ChannelInitializer<Channel> stream = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel streamChannel) {
                streamChannel.pipeline().addLast(new Http2EchoStreamHandler(responder));
            }
        };
        HttpServerUpgradeHandler.UpgradeCodecFactory upgrades = protocol ->
                AsciiString.contentEquals("h2c", protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(stream))
                        : null;
        ch.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(http1,
                new HttpServerUpgradeHandler(http1, upgrades, MAX_BODY),
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(stream));
                    }
                }));
        ch.pipeline().addLast(new Http1Fallback(responder));
    }

    /** Without an upgrade, the connection stays HTTP/1.1: swap in the aggregator and the HTTP/1.1 handler. */
    private static final class Http1Fallback extends SimpleChannelInboundHandler<HttpMessage> {
        private final EchoResponder responder;

        Http1Fallback(EchoResponder responder) {
            super(false);
            this.responder = responder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpMessage msg) {
            var pipeline = ctx.pipeline();
            pipeline.addAfter(ctx.name(), "aggregator", new HttpObjectAggregator(MAX_BODY));
            pipeline.addAfter("aggregator", "echo", new Http1EchoHandler(responder));
            pipeline.remove(this);
            ctx.fireChannelRead(msg);
        }
    }
}
