package dev.trellis.linux;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Netty epoll sockets, the kind the data plane uses, for driving the kernel calls in tests. */
final class EpollFixture implements AutoCloseable {

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    /** Connections accepted by listeners made with {@link #listen}. */
    final BlockingQueue<EpollSocketChannel> accepted = new LinkedBlockingQueue<>();

    /** A listener; must be called on the thread (and so in the namespace) the socket should live in. */
    Channel listen(InetSocketAddress address) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        accepted.add((EpollSocketChannel) ctx.channel());
                    }
                })
                .bind(address).sync().channel();
    }

    /** An unconnected client socket, created in the calling thread's namespace. */
    EpollSocketChannel socket() throws InterruptedException {
        return (EpollSocketChannel) new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).register().sync().channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
