package dev.trellis.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O transport of this process: Linux epoll when its native library loads (it supports SO_MARK,
 * IP_TRANSPARENT and SO_REUSEPORT, which the data plane needs), NIO otherwise with a warning.
 */
public enum Transport {
    EPOLL(EpollIoHandler.newFactory(), EpollSocketChannel.class, EpollServerSocketChannel.class,
            io.netty.channel.epoll.EpollDatagramChannel.class),
    NIO(NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class,
            io.netty.channel.socket.nio.NioDatagramChannel.class);

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    private final IoHandlerFactory ioHandlerFactory;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends ServerSocketChannel> serverSocketChannel;
    private final Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannel;

    Transport(IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> socketChannel,
            Class<? extends ServerSocketChannel> serverSocketChannel,
            Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannel) {
        this.ioHandlerFactory = ioHandlerFactory;
        this.socketChannel = socketChannel;
        this.serverSocketChannel = serverSocketChannel;
        this.datagramChannel = datagramChannel;
    }

    public Class<? extends io.netty.channel.socket.DatagramChannel> datagramChannel() {
        return datagramChannel;
    }

    /**
     * Lets another process bind the same address while this listener lives (SO_REUSEPORT, epoll only): a new
     * node-agent opens its listeners beside the old one's during an upgrade hand-over.
     */
    public <B extends io.netty.bootstrap.AbstractBootstrap<B, ?>> B sharedPort(B bootstrap) {
        return this == EPOLL ? bootstrap.option(io.netty.channel.unix.UnixChannelOption.SO_REUSEPORT, true) : bootstrap;
    }

    /** Epoll if available, else NIO (logged once, with the reason). */
    public static Transport best() {
        return Holder.BEST;
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlerFactory);
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return serverSocketChannel;
    }

    /** Lazily decides once, so that merely naming the enum does not load native code. */
    private static final class Holder {
        static final Transport BEST = choose();

        private static Transport choose() {
            if (Epoll.isAvailable()) {
                return EPOLL;
            }
            LOG.warn("epoll transport unavailable ({}); using NIO: SO_MARK and transparent sockets will not work",
                    Epoll.unavailabilityCause().toString());
            return NIO;
        }
    }
}
