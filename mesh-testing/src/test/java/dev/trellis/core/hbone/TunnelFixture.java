package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.core.transport.Transport;
import dev.trellis.testing.ca.TestCa;
import dev.trellis.testing.echo.EchoServer;
import dev.trellis.testing.hbone.TunnelEntry;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole tunnel on loopback: test CA, an echo upstream, an HBONE server in front of it, an HBONE client, and
 * a plain TCP entry that tunnels to the echo. Certificates and bundle are swappable for rotation tests.
 */
final class TunnelFixture implements AutoCloseable {

    static final SpiffeId CLIENT_ID = SpiffeId.of("shop", "cart");
    static final SpiffeId SERVER_ID = SpiffeId.of("shop", "echo");

    final TestCa ca = TestCa.root("mesh-root");
    final AtomicReference<WorkloadCertificate> serverCert = new AtomicReference<>(ca.issue(SERVER_ID));
    final AtomicReference<WorkloadCertificate> clientCert = new AtomicReference<>(ca.issue(CLIENT_ID));
    final AtomicReference<TrustBundle> bundle = new AtomicReference<>(ca.bundle());
    final HboneMetrics metrics = HboneMetrics.unregistered();
    final EventLoopGroup serverLoops = Transport.best().newGroup(1, r -> new Thread(r, "hbone-server"));
    final EventLoopGroup clientLoops = Transport.best().newGroup(1, r -> new Thread(r, "hbone-client"));
    final EchoServer echo;
    final HboneServer server;
    final HboneClient client;
    final TunnelEntry entry;

    TunnelFixture(HboneSettings settings) throws InterruptedException {
        echo = EchoServer.start(0);
        HboneServerInitializer init = new HboneServerInitializer(local -> Optional.of(serverCert.get()), bundle::get,
                HboneRequestHandler.direct(UpstreamConnector.plain(Duration.ofSeconds(2))), settings, metrics,
                Clock.systemUTC());
        server = HboneServer.bind(new InetSocketAddress("127.0.0.1", 0), serverLoops, init);
        client = new HboneClient(clientLoops, bundle::get, settings, Clock.systemUTC());
        entry = TunnelEntry.start(new InetSocketAddress("127.0.0.1", 0), clientLoops, client, echoTarget(),
                clientCert::get);
    }

    HboneTarget echoTarget() {
        return target(SERVER_ID, "127.0.0.1:" + echo.port());
    }

    HboneTarget target(SpiffeId expected, String authority) {
        return new HboneTarget(server.address(), expected, authority, Map.of("forwarded", "for=\"198.18.1.2\""));
    }

    @Override
    public void close() {
        entry.close();
        client.close();
        server.close();
        echo.close();
        clientLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        serverLoops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
