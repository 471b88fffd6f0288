package dev.trellis.testing.hbone;

import dev.trellis.core.hbone.EarlyBytes;
import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneTarget;
import dev.trellis.core.hbone.Relay;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.core.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A plain TCP listener whose every connection is tunnelled over HBONE to one fixed target: the outbound half
 * of a node-agent without capture or routing, for tests and benchmarks. A failed tunnel resets the accepted
 * connection, as the node-agent does.
 */
public final class TunnelEntry implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TunnelEntry.class);

    private final Channel listener;
    private final AtomicLong failures;

    private TunnelEntry(Channel listener, AtomicLong failures) {
        this.listener = listener;
        this.failures = failures;
    }

    /** Listens on {@code address}; each connection opens a tunnel to {@code target} as {@code source}. */
    public static TunnelEntry start(InetSocketAddress address, EventLoopGroup group, HboneClient client,
            HboneTarget target, Supplier<WorkloadCertificate> source) throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        Channel ch = new ServerBootstrap().group(group).channel(Transport.best().serverSocketChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel accepted) {
                        accepted.pipeline().addLast(new EarlyBytes());
                        client.open(target, source.get()).whenComplete((stream, error) -> {
                            if (error != null) {
                                failures.incrementAndGet();
                                LOG.warn("tunnel to {} failed: {}", target.authority(), error.toString());
                                accepted.config().setOption(ChannelOption.SO_LINGER, 0);
                                accepted.close();
                            } else {
                                Relay.splice(accepted, stream, result -> { });
                            }
                        });
                    }
                })
                .bind(address).sync().channel();
        return new TunnelEntry(ch, failures);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Tunnels that could not be opened. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
    }
}
