package dev.trellis.nodeagent.passthrough;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real relay listening on loopback: every accepted connection is relayed to {@code target} with
 * {@link PassthroughRelay}, on NIO or epoll. Records what the last relay reported.
 */
final class RelayFixture implements AutoCloseable {

    /** Small water marks, so that backpressure shows with little data. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(16 * 1024, 32 * 1024);
    /** Fixed kernel buffers on the relay's sockets (no autotuning), so that what can be in flight is known. */
    static final int SOCKET_BUFFER = 64 * 1024;

    final Listener listener = new Listener();
    private final EventLoopGroup group;
    private final Channel server;

    RelayFixture(Transport transport, InetSocketAddress target) throws InterruptedException {
        this(transport, target, null);
    }

    /** A relay whose connections report to {@code listeners} (or to {@link #listener} when null). */
    RelayFixture(Transport transport, InetSocketAddress target, java.util.function.Supplier<RelayListener> listeners)
            throws InterruptedException {
        java.util.function.Supplier<RelayListener> each = listeners == null ? () -> listener : listeners;
        group = new MultiThreadIoEventLoopGroup(1, transport.factory());
        Bootstrap upstream = new Bootstrap().channel(transport.client)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        server = new ServerBootstrap().group(group).channel(transport.server)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.pipeline().remove(this);
                        PassthroughRelay.start(ctx.channel(), upstream, target, each.get());
                    }

                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    enum Transport {
        NIO(NioServerSocketChannel.class, NioSocketChannel.class),
        EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class);

        final Class<? extends ServerChannel> server;
        final Class<? extends SocketChannel> client;

        Transport(Class<? extends ServerChannel> server, Class<? extends SocketChannel> client) {
            this.server = server;
            this.client = client;
        }

        IoHandlerFactory factory() {
            return this == NIO ? NioIoHandler.newFactory() : EpollIoHandler.newFactory();
        }
    }

    /** Records one relay's reports. */
    static final class Listener implements RelayListener {
        final AtomicReference<Channel> upstream = new AtomicReference<>();
        final AtomicReference<Throwable> connectFailure = new AtomicReference<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch failed = new CountDownLatch(1);
        final AtomicReference<RelayFailure> closeError = new AtomicReference<>();
        final AtomicLong closedCalls = new AtomicLong();

        @Override
        public void connected(Channel channel) {
            upstream.set(channel);
        }

        @Override
        public void connectFailed(Throwable cause) {
            connectFailure.set(cause);
            failed.countDown();
        }

        @Override
        public void sent(long bytes) {
            sent.addAndGet(bytes);
        }

        @Override
        public void received(long bytes) {
            received.addAndGet(bytes);
        }

        @Override
        public void closed(RelayFailure failure) {
            closeError.set(failure);
            closedCalls.incrementAndGet();
            closed.countDown();
        }
    }
}
