package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.core.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens HBONE tunnels. TLS connections are pooled per (source identity, destination identity, destination
 * address) and carry up to {@link HboneSettings#maxStreamsPerConnection()} streams each; a tunnel is one
 * stream, returned as a byte channel (auto-read off) ready for {@link Relay#splice}.
 *
 * <p>Thread-safe: any thread may call {@link #open}; connections live on the client's event loops.
 */
public final class HboneClient implements AutoCloseable {

    private record PoolKey(SpiffeId source, SpiffeId destination, InetSocketAddress address) {
    }

    private final EventLoopGroup group;
    private final Supplier<TrustBundle> bundle;
    private final HboneSettings settings;
    private final TlsContextCache contexts;
    private final Consumer<Bootstrap> customizer;
    private final ConcurrentHashMap<PoolKey, ConnectionSet> pool = new ConcurrentHashMap<>();

    /**
     * @param customizer adds socket options to each new connection (the node-agent sets SO_MARK and the
     *     pod's network namespace this way)
     */
    public HboneClient(EventLoopGroup group, Supplier<TrustBundle> bundle, HboneSettings settings, Clock clock,
            Consumer<Bootstrap> customizer) {
        this.group = group;
        this.bundle = bundle;
        this.settings = settings;
        this.contexts = new TlsContextCache(false, clock);
        this.customizer = customizer;
    }

    public HboneClient(EventLoopGroup group, Supplier<TrustBundle> bundle, HboneSettings settings, Clock clock) {
        this(group, bundle, settings, clock, b -> { });
    }

    /**
     * Opens a tunnel to {@code target} presenting {@code source}'s certificate. Completes with the stream once
     * the server answered 200, or fails with {@link HboneException}.
     */
    public CompletableFuture<Channel> open(HboneTarget target, WorkloadCertificate source) {
        PoolKey key = new PoolKey(source.identity(), target.expectedIdentity(), target.address());
        ConnectionSet set = pool.computeIfAbsent(key, k -> new ConnectionSet());
        return set.acquire(settings.maxStreamsPerConnection(), () -> dial(target, source))
                .thenCompose(connection -> openStream(connection, target));
    }

    /** Live pooled connections towards one destination (for the admin API and tests). */
    public int connections(SpiffeId source, SpiffeId destination, InetSocketAddress address) {
        ConnectionSet set = pool.get(new PoolKey(source, destination, address));
        return set == null ? 0 : set.size();
    }

    /** Closes every pooled connection (open tunnels on them are reset). */
    @Override
    public void close() {
        pool.clear();
    }

    private CompletableFuture<HboneConnection> dial(HboneTarget target, WorkloadCertificate source) {
        CompletableFuture<HboneConnection> dial = new CompletableFuture<>();
        var ssl = contexts.context(source, bundle.get());
        Bootstrap b = new Bootstrap().group(group)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("flush", new FlushConsolidationHandler(
                                HboneServerInitializer.FLUSHES_BEFORE_FLUSH, false));
                        ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast("hbone-handshake",
                                new ClientHandshakeHandler(target.expectedIdentity(), settings, dial));
                    }
                });
        customizer.accept(b);
        if (b.config().channelFactory() == null) {
            // The customizer may bring its own channel factory (the node-agent creates sockets in a pod).
            b.channel(Transport.best().socketChannel());
        }
        b.connect(target.address()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                dial.completeExceptionally(new HboneException(HboneException.Kind.CONNECT_FAILED, 0,
                        "cannot connect to " + target.address() + ": " + f.cause().getMessage()
                                + " (is port 15008 reachable? a NetworkPolicy may block HBONE)", f.cause()));
            }
        });
        return dial;
    }

    private CompletableFuture<Channel> openStream(HboneConnection connection, HboneTarget target) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        new Http2StreamChannelBootstrap(connection.channel())
                .handler(new ClientStreamHandler(target, settings, result))
                .open()
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        connection.release();
                        HboneException refused = ConnectionFailure.refusal(connection.channel(), target.address());
                        result.completeExceptionally(refused != null ? refused : new HboneException(
                                HboneException.Kind.PROTOCOL, 0, "cannot open a stream to " + target.address() + ": "
                                        + f.cause(), f.cause()));
                        return;
                    }
                    ((Channel) f.getNow()).closeFuture().addListener(c -> connection.release());
                });
        return result;
    }
}
