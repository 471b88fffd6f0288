package dev.trellis.waypoint;

import dev.trellis.api.discovery.v1.GatewayRef;
import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.core.config.Settings;
import dev.trellis.core.controlplane.CertificateClient;
import dev.trellis.core.controlplane.ControlPlaneChannel;
import dev.trellis.core.controlplane.TrustBundles;
import dev.trellis.core.discovery.DiscoveryClient;
import dev.trellis.core.discovery.DiscoveryMetrics;
import dev.trellis.core.discovery.RouteSpec;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.lifecycle.Readiness;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.compile.RouteSpecs;
import dev.trellis.core.retry.Backoff;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.waypoint.state.WaypointState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waypoint's link to the control plane: it subscribes as its Gateway, compiles the routes discovery
 * sends (a route that does not compile NACKs the whole response, and the waypoint keeps what it served),
 * and holds its own certificate (identity {@code ns/<namespace>/sa/<gateway>}), renewed at half life.
 *
 * <p>Settings (TRELLIS_* variables or flags, docs/reference/configuration.md): {@code gateway-name},
 * {@code pod-namespace}, {@code trust-domain}, {@code control-plane-address},
 * {@code control-plane-trust-bundle}, {@code token-path}.
 */
final class WaypointMesh implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WaypointMesh.class);

    private final ControlPlaneChannel channel;
    private final DiscoveryClient discovery;
    private final AtomicReference<WorkloadCertificate> certificate = new AtomicReference<>();
    private final TrustBundles bundles;

    private WaypointMesh(ControlPlaneChannel channel, DiscoveryClient discovery, TrustBundles bundles) {
        this.channel = channel;
        this.discovery = discovery;
        this.bundles = bundles;
    }

    static Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("gateway-name", null);
        f.put("pod-namespace", "default");
        f.put("trust-domain", SpiffeId.DEFAULT_TRUST_DOMAIN);
        f.put("control-plane-address", "trellis-control-plane.trellis-system.svc:15010");
        f.put("control-plane-trust-bundle", "/etc/trellis/ca/root-cert.pem");
        f.put("token-path", "/var/run/secrets/trellis/token");
        return f;
    }

    /** Connects, obtains the certificate (waits for the first one) and starts discovery. */
    static WaypointMesh start(Map<String, String> env, WaypointState state, Readiness readiness,
            ScheduledExecutorService scheduler, PrometheusRegistry registry) throws Exception {
        Settings s = Settings.read(flags(), List.of(), env);
        String gateway = s.string("gateway-name", "the Gateway this waypoint implements");
        String namespace = s.string("pod-namespace", "the waypoint's namespace");
        SpiffeId identity = new SpiffeId(s.string("trust-domain", "the trust domain"), namespace, gateway);
        InetSocketAddress address = s.hostPort("control-plane-address");
        ControlPlaneChannel channel = ControlPlaneChannel.open(address, "trellis-system",
                s.path("control-plane-trust-bundle"), s.path("token-path"));
        Readiness.Blocker firstState = readiness.block("discovery: first state");
        DiscoveryClient discovery = new DiscoveryClient(channel.channel(), Subscribe.newBuilder()
                .setGateway(GatewayRef.newBuilder().setNamespace(namespace).setName(gateway))
                .setInstance(ProcessHandle.current().pid() + "@waypoint").build(),
                discovered -> {
                    state.publish(discovered.snapshot(), compile(discovered.routes()));
                    firstState.close();
                }, scheduler, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)), new DiscoveryMetrics(registry));
        TrustBundles bundles = new TrustBundles(() -> state.current().mesh());
        WaypointMesh mesh = new WaypointMesh(channel, discovery, bundles);
        mesh.renew(new CertificateClient(channel.channel()), identity, scheduler);
        discovery.start();
        log.info("waypoint {}/{}: identity {}, control plane {}", namespace, gateway, identity.uri(), address);
        return mesh;
    }

    /** Compiles every route; throws (so the response is NACKed) naming the first that fails. */
    private static List<CompiledRoute> compile(List<RouteSpec> specs) throws Exception {
        List<CompiledRoute> routes = new ArrayList<>();
        for (RouteSpec spec : specs) {
            routes.add(RouteSpecs.compile(spec));
        }
        return routes;
    }

    /** Gets a certificate now (waits for it), then again at each half life; retries every 5 s on failure. */
    private void renew(CertificateClient ca, SpiffeId identity, ScheduledExecutorService scheduler) throws Exception {
        WorkloadCertificate first = ca.issue(identity).get(30, TimeUnit.SECONDS);
        certificate.set(first);
        scheduleRenewal(ca, identity, scheduler, first);
    }

    private void scheduleRenewal(CertificateClient ca, SpiffeId identity, ScheduledExecutorService scheduler,
            WorkloadCertificate current) {
        long delay = Math.max(1_000, Duration.between(Clock.systemUTC().instant(), current.halfLife()).toMillis());
        scheduler.schedule(() -> ca.issue(identity).whenComplete((next, error) -> {
            if (error != null) {
                log.warn("waypoint: certificate renewal failed ({}); retrying in 5 s", error.getMessage());
                scheduler.schedule(() -> scheduleRenewal(ca, identity, scheduler, current), 5, TimeUnit.SECONDS);
            } else {
                certificate.set(next);
                scheduleRenewal(ca, identity, scheduler, next);
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    Supplier<WorkloadCertificate> certificate() {
        return certificate::get;
    }

    Supplier<TrustBundle> trustBundle() {
        return bundles;
    }

    @Override
    public void close() {
        discovery.close();
        channel.close();
    }
}
