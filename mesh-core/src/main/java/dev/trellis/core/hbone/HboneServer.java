package dev.trellis.core.hbone;

import dev.trellis.core.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/**
 * An HBONE listener on one address (the waypoint's, or a test's). The node-agent instead installs
 * {@link HboneServerInitializer} on the listeners it opens inside each pod's network namespace.
 */
public final class HboneServer implements AutoCloseable {

    private final Channel listener;

    private HboneServer(Channel listener) {
        this.listener = listener;
    }

    /** Binds {@code address} (port 0 picks one) and serves HBONE on the given event loops. */
    public static HboneServer bind(InetSocketAddress address, EventLoopGroup group, HboneServerInitializer initializer)
            throws InterruptedException {
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(Transport.best().serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(address).sync().channel();
        return new HboneServer(ch);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Stops accepting; established connections are left to finish. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
    }
}
