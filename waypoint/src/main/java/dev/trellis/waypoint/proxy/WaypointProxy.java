package dev.trellis.waypoint.proxy;

import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.hbone.HboneServer;
import dev.trellis.core.hbone.HboneServerInitializer;
import dev.trellis.core.hbone.HboneSettings;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.waypoint.route.L7Authorizer;
import dev.trellis.waypoint.route.Router;
import dev.trellis.waypoint.state.WaypointState;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The waypoint's data path, assembled: the HBONE listener (presenting the waypoint's own identity), the
 * internal listener with protocol detection, routing, policy and the upstream HBONE client.
 */
public final class WaypointProxy implements AutoCloseable {

    private final HboneServer server;
    private final InternalListener internal;
    private final HboneClient client;

    private WaypointProxy(HboneServer server, InternalListener internal, HboneClient client) {
        this.server = server;
        this.internal = internal;
        this.client = client;
    }

    /**
     * Starts serving HBONE on {@code address}.
     *
     * @param identity the waypoint's certificate, read on each handshake and each upstream tunnel (so a renewal
     *     takes effect at once)
     */
    public static WaypointProxy start(InetSocketAddress address, EventLoopGroup group, WaypointState state,
            Supplier<WorkloadCertificate> identity, Supplier<TrustBundle> bundle, RequestMetrics metrics,
            HboneMetrics hboneMetrics, ProxySettings settings, Clock clock) throws InterruptedException {
        HboneClient client = new HboneClient(group, bundle, HboneSettings.DEFAULT, clock);
        Upstreams upstreams = new Upstreams(client, identity, settings.upstreamHbonePort(), settings.maxBodyBytes(),
                metrics, clock);
        RequestProcessor processor = new RequestProcessor(state, new Router(() -> ThreadLocalRandom.current().nextLong()),
                new L7Authorizer(settings.rootNamespace()), upstreams, metrics, System::nanoTime);
        TcpFallback tcp = new TcpFallback(state, client, identity, settings.upstreamHbonePort());
        PipelineFactory pipelines = new PipelineFactory(processor, tcp, settings.detectionTimeout(), settings.maxBodyBytes());
        InternalListener internal = new InternalListener(group, pipelines::initializer);
        HboneServerInitializer initializer = new HboneServerInitializer(local -> Optional.of(identity.get()), bundle,
                new TunnelAcceptor(state, internal), HboneSettings.DEFAULT, hboneMetrics, clock);
        try {
            return new WaypointProxy(HboneServer.bind(address, group, initializer), internal, client);
        } catch (InterruptedException | RuntimeException e) {
            internal.close();
            client.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        internal.close();
        client.close();
    }
}
