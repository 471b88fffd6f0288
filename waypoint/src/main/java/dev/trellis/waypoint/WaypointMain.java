package dev.trellis.waypoint;

import dev.trellis.core.admin.AdminServer;
import dev.trellis.core.admin.ConfigDumpEndpoint;
import dev.trellis.core.admin.Dumpable;
import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.lifecycle.Readiness;
import dev.trellis.core.lifecycle.ReadinessEndpoint;
import dev.trellis.core.metrics.MetricsEndpoint;
import dev.trellis.core.tls.Pem;
import dev.trellis.core.tls.SpiffeCertificates;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.core.transport.Transport;
import dev.trellis.waypoint.proxy.ProxySettings;
import dev.trellis.waypoint.proxy.RequestMetrics;
import dev.trellis.waypoint.proxy.WaypointProxy;
import dev.trellis.waypoint.state.WaypointState;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code waypoint}: reads {@link WaypointConfig}, starts the proxy on the HBONE port, the admin
 * API on 127.0.0.1, metrics and readiness. The mesh state starts empty (every CONNECT is refused with 503)
 * until discovery delivers the first state ({@link WaypointMesh}). With --cert-chain, --key and
 * --trust-bundle it runs without a control plane, from files (tests use it).
 */
public final class WaypointMain {

    private WaypointMain() {
    }

    public static void main(String[] args) throws Exception {
        WaypointConfig config;
        try {
            config = WaypointConfig.fromProcess(args);
        } catch (WaypointConfig.ConfigException e) {
            System.err.println("waypoint: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config, new WaypointState());
    }

    /** Runs until the process is stopped. */
    static void run(WaypointConfig config, WaypointState state) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Readiness readiness = new Readiness();
        Readiness.Blocker starting = readiness.block("proxy-starting");
        java.util.function.Supplier<WorkloadCertificate> identity;
        java.util.function.Supplier<TrustBundle> bundle;
        if (config.identityFromFiles()) {
            WorkloadCertificate fromFiles = loadIdentity(config);
            TrustBundle roots = new TrustBundle(Pem.certificates(Files.readString(config.trustBundle().orElseThrow())));
            identity = () -> fromFiles;
            bundle = () -> roots;
        } else {
            // The mesh's way: certificate from the CA, roots and routes from discovery.
            WaypointMesh mesh = WaypointMesh.start(System.getenv(), state, readiness,
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                            Thread.ofPlatform().name("waypoint-timers").daemon().factory()), registry);
            identity = mesh.certificate();
            bundle = mesh.trustBundle();
        }
        EventLoopGroup group = Transport.best().newGroup(0, Thread.ofPlatform().name("waypoint-", 0).factory());
        InetAddress any = InetAddress.ofLiteral("0.0.0.0");
        try (WaypointProxy proxy = WaypointProxy.start(new InetSocketAddress(any, config.hbonePort()), group, state,
                identity, bundle, new RequestMetrics(registry), new HboneMetrics(registry),
                new ProxySettings(config.upstreamHbonePort(), config.detectionTimeout(), 4 << 20, config.rootNamespace()),
                Clock.systemUTC());
                AdminServer admin = AdminServer.builder("admin",
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), config.adminPort()))
                        .endpoint("/config_dump", ConfigDumpEndpoint.of(Map.of("waypoint", (Dumpable) () -> Map.of(
                                "version", state.current().mesh().version(),
                                "routes", state.current().routes().stream().map(r -> r.displayName()).toList(),
                                "services", state.current().mesh().services().keySet().stream().map(Object::toString)
                                        .toList()))))
                        .start();
                AdminServer metrics = AdminServer.builder("metrics", new InetSocketAddress(any, config.metricsPort()))
                        .endpoint(MetricsEndpoint.PATH, new MetricsEndpoint(registry)).start();
                AdminServer ready = AdminServer.builder("readiness", new InetSocketAddress(any, config.readinessPort()))
                        .endpoint(ReadinessEndpoint.PATH, new ReadinessEndpoint(readiness)).start()) {
            starting.close();
            new CountDownLatch(1).await();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static WorkloadCertificate loadIdentity(WaypointConfig config) throws IOException {
        var chain = Pem.certificates(Files.readString(config.certChain().orElseThrow()));
        var key = Pem.privateKey(Files.readString(config.key().orElseThrow()));
        return new WorkloadCertificate(SpiffeCertificates.identityOf(chain.get(0)), key, chain);
    }
}
