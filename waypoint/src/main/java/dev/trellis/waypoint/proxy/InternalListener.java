package dev.trellis.waypoint.proxy;

import dev.trellis.core.hbone.UpstreamConnector;
import dev.trellis.core.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A loopback listener that tunnelled connections are spliced onto, so that the L7 pipeline works on a plain
 * byte connection (Envoy's "internal listener"). The {@link ConnectionContext} of each connection travels
 * beside it: registered under the client end's local address once connected and before the tunnel answers
 * 200 (so before any byte flows), taken by the server end at its first read.
 *
 * <p>Netty's in-JVM local transport would save the socket pair, but it does not register on the NIO/epoll
 * loops of Netty 4.2 (measured: the bind never completes), so loopback TCP it is.
 *
 * <p>Thread-safe; the context map holds entries only between connect and the server end's first read.
 */
final class InternalListener implements AutoCloseable {

    private final Map<InetSocketAddress, ConnectionContext> pending = new ConcurrentHashMap<>();
    private final UpstreamConnector connector = UpstreamConnector.plain(Duration.ofSeconds(2));
    private final Channel server;

    InternalListener(EventLoopGroup group, Function<InternalListener, ChannelInitializer<Channel>> initializer)
            throws InterruptedException {
        this.server = new ServerBootstrap().group(group).channel(Transport.best().serverSocketChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(initializer.apply(this))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    /** Connects a new client end on {@code loop}, carrying {@code context} to the server end. */
    Future<Channel> connect(ConnectionContext context, EventLoop loop) {
        Promise<Channel> promise = loop.newPromise();
        connector.connect(server.localAddress(), loop).addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            Channel ch = (Channel) f.getNow();
            pending.put((InetSocketAddress) ch.localAddress(), context);
            ch.closeFuture().addListener(c -> pending.remove((InetSocketAddress) ch.localAddress()));
            promise.setSuccess(ch);
        });
        return promise;
    }

    /** The context of the server end {@code child}, or null if the connection did not come from a tunnel. */
    ConnectionContext take(Channel child) {
        return pending.remove((InetSocketAddress) child.remoteAddress());
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
