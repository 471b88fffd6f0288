package dev.trellis.testing.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import dev.trellis.core.transport.Transport;
import java.net.InetSocketAddress;

/**
 * A TCP echo server: writes back every byte it reads, and half-closes when the peer does. One event loop,
 * so that it costs the same in every run it serves.
 *
 * <p>Usage: {@code EchoServer <port>}; prints {@code listening <port>} once bound.
 */
public final class EchoServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;

    private EchoServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Starts an echo server on 127.0.0.1:{@code port} (0 picks a free port). */
    public static EchoServer start(int port) throws InterruptedException {
        return start(new InetSocketAddress("127.0.0.1", port));
    }

    /** Starts an echo server on {@code address}. */
    public static EchoServer start(InetSocketAddress address) throws InterruptedException {
        EventLoopGroup group = Transport.best().newGroup(1, r -> new Thread(r, "echo"));
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(Transport.best().serverSocketChannel())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new Echo())
                .bind(address)
                .sync()
                .channel();
        return new EchoServer(group, server);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    public static void main(String[] args) throws Exception {
        EchoServer server = start(Integer.parseInt(args[0]));
        System.out.println("listening " + server.port());
        Thread.currentThread().join();
    }

    /**
     * Echoes and mirrors half-close; flushes once per read batch and reads again only while the peer keeps
     * up, so a client that does not read cannot make the server buffer without bound.
     */
    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            if (ctx.channel().isWritable()) {
                ctx.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.read();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                        .addListener((ChannelFutureListener) f -> ((DuplexChannel) ctx.channel()).shutdownOutput());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
