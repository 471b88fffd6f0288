package dev.trellis.controlplane;

import dev.trellis.controlplane.api.StoreApi;
import dev.trellis.controlplane.api.StoreJournal;
import dev.trellis.controlplane.ca.CaDirectory;
import dev.trellis.controlplane.ca.CertificateAuthority;
import dev.trellis.controlplane.ca.CertificateServiceImpl;
import dev.trellis.controlplane.ca.IssuancePolicy;
import dev.trellis.controlplane.discovery.DiscoveryService;
import dev.trellis.controlplane.discovery.ProxyId;
import dev.trellis.controlplane.discovery.PushDebouncer;
import dev.trellis.controlplane.server.BearerAuthentication;
import dev.trellis.controlplane.server.BearerTokens;
import dev.trellis.controlplane.server.ServerTls;
import dev.trellis.controlplane.store.DirectoryStore;
import dev.trellis.controlplane.store.LocalStore;
import dev.trellis.controlplane.store.StoreSnapshot;
import dev.trellis.controlplane.store.VipRange;
import dev.trellis.controlplane.translate.MeshTranslator;
import dev.trellis.controlplane.translate.TranslationConfig;
import dev.trellis.controlplane.views.ProxyViews;
import dev.trellis.core.admin.AdminServer;
import dev.trellis.core.lifecycle.Readiness;
import dev.trellis.core.lifecycle.ReadinessEndpoint;
import dev.trellis.core.metrics.MetricsEndpoint;
import dev.trellis.core.model.Cidr;
import dev.trellis.core.tls.Pem;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane in local mode, assembled: the CA from its directory, the local store fed by its
 * directory of YAML files, translation into per-proxy views pushed by discovery after each (debounced)
 * change, and the servers: gRPC on 15010 (discovery, certificates, store API; TLS; bearer tokens) and
 * metrics with readiness on 15020.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    static final Duration DEBOUNCE_QUIET = Duration.ofMillis(100);
    static final Duration DEBOUNCE_MAX = Duration.ofSeconds(1);
    static final Duration SERVER_CERTIFICATE_TTL = Duration.ofDays(365);

    private final Server grpc;
    private final AdminServer metrics;
    private final AutoCloseable source;
    private final ScheduledExecutorService scheduler;
    private final LocalStore store;
    private final DiscoveryService discovery;

    private ControlPlane(Server grpc, AdminServer metrics, AutoCloseable source, ScheduledExecutorService scheduler,
            LocalStore store, DiscoveryService discovery) {
        this.grpc = grpc;
        this.metrics = metrics;
        this.source = source;
        this.scheduler = scheduler;
        this.store = store;
        this.discovery = discovery;
    }

    /**
     * What fills the store: in local mode the directory of YAML files; in Kubernetes mode the informers on the
     * API server. Opened once the store exists; closed with the control plane.
     */
    @FunctionalInterface
    public interface StoreSource {
        AutoCloseable open(LocalStore store) throws IOException;
    }

    /** Starts in local mode; returns when the servers listen and the first view is published. */
    public static ControlPlane start(ControlPlaneConfig config, Clock clock) throws IOException, InterruptedException {
        return start(config, clock, store -> {
            DirectoryStore directory = DirectoryStore.start(config.storeDir(), store);
            directory.errors().forEach((file, error) -> log.error("store: {} refused: {}", file, error));
            return directory;
        });
    }

    /**
     * Starts with the store filled by {@code source}. The store API (meshctl apply) is served only in local
     * mode: in Kubernetes mode the API server is where objects are written.
     */
    public static ControlPlane start(ControlPlaneConfig config, Clock clock, StoreSource source)
            throws IOException, InterruptedException {
        return start(config, clock, source, token -> Optional.empty());
    }

    /**
     * As {@link #start(ControlPlaneConfig, Clock, StoreSource)}, also accepting bearer tokens that
     * {@code tokenReview} names a caller for (Kubernetes mode: projected service-account tokens).
     */
    public static ControlPlane start(ControlPlaneConfig config, Clock clock, StoreSource source,
            java.util.function.Function<String, Optional<String>> tokenReview)
            throws IOException, InterruptedException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Readiness readiness = new Readiness();
        Readiness.Blocker firstView = readiness.block("first view published");
        CaDirectory.Contents contents = new CaDirectory(config.caDir()).loadOrCreate(config.trustDomain(), clock);
        CertificateAuthority ca = new CertificateAuthority(contents.signer(), contents.roots(), config.certTtl(),
                config.certTtl(), clock);
        List<String> rootsPem = ca.roots().stream().map(Pem::encode).toList();
        TranslationConfig translation = new TranslationConfig(config.trustDomain(),
                TranslationConfig.DEFAULT_CLUSTER_DOMAIN, config.podNamespace());

        LocalStore store = new LocalStore(VipRange.of(Cidr.parse(config.serviceVipRange())));
        AtomicReference<ProxyViews> published = new AtomicReference<>(new ProxyViews(0,
                MeshTranslator.translate(StoreSnapshot.EMPTY, translation), rootsPem, List.of(), translation));
        DiscoveryService discovery = new DiscoveryService(registry, clock, ControlPlane::subscriberRefusal);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("push").daemon().factory());
        PushDebouncer debouncer = new PushDebouncer(scheduler, discovery, () -> {
            ProxyViews next = views(store.snapshot(), rootsPem, translation, published.get());
            published.set(next);
            firstView.close();
            return next;
        }, DEBOUNCE_QUIET, DEBOUNCE_MAX, registry);
        boolean local = config.store() == ControlPlaneConfig.Store.LOCAL;
        AutoCloseable opened = source.open(store);
        StoreApi storeApi = local
                ? new StoreApi(store, published::get, discovery.proxies(), new StoreJournal(config.storeDir()))
                : null;
        if (storeApi != null) {
            storeApi.replay();
        }
        store.subscribe(snapshot -> debouncer.changed());
        debouncer.changed();

        BearerAuthentication auth = new BearerAuthentication(tokens(config), tokenReview);
        IssuancePolicy issuance = new IssuancePolicy(node -> published.get().identitiesOn(node));
        CertificateAuthority.Issued serverCert = ca.serverCertificate(serverNames(config.podNamespace()),
                SERVER_CERTIFICATE_TTL);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(resolve(config.grpcListen()))
                .sslContext(ServerTls.context(serverCert.keys().getPrivate(), serverCert.chain()))
                .addService(ServerInterceptors.intercept(discovery, auth))
                .addService(ServerInterceptors.intercept(new CertificateServiceImpl(ca, issuance, config.trustDomain(),
                        registry), auth));
        if (storeApi != null) {
            builder.addService(ServerInterceptors.intercept(storeApi, auth));
        }
        Server grpc = builder.build().start();
        AdminServer metrics = AdminServer.builder("metrics", resolve(config.metricsListen()))
                .endpoint(MetricsEndpoint.PATH, new MetricsEndpoint(registry))
                .endpoint(ReadinessEndpoint.PATH, new ReadinessEndpoint(readiness))
                .start();
        log.info("control plane: gRPC on {}, metrics on {}, store {} ({} objects), CA {} ({} root(s))",
                config.grpcListen(), metrics.address(), config.storeDir(), store.snapshot().objects().size(),
                config.caDir(), ca.roots().size());
        return new ControlPlane(grpc, metrics, opened, scheduler, store, discovery);
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public InetSocketAddress metricsAddress() {
        return metrics.address();
    }

    public LocalStore store() {
        return store;
    }

    public DiscoveryService discovery() {
        return discovery;
    }

    @Override
    public void close() throws InterruptedException {
        grpc.shutdown();
        if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
            grpc.shutdownNow();
        }
        metrics.close();
        try {
            source.close();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.warn("store source did not close cleanly: {}", e.getMessage());
        }
        scheduler.shutdownNow();
    }

    /** The views of {@code snapshot}, reusing {@code previous}'s encodings of what did not change. */
    public static ProxyViews views(StoreSnapshot snapshot, List<String> rootsPem, TranslationConfig translation,
            ProxyViews previous) {
        return new ProxyViews(snapshot.revision(), MeshTranslator.translate(snapshot, translation), rootsPem,
                snapshot.routes(), translation, previous.encoded());
    }

    /** A node-agent subscribes only as its own node, a waypoint only as its own Gateway; admins as anything. */
    static Optional<String> subscriberRefusal(String caller, ProxyId proxy) {
        if (caller != null && caller.startsWith(StoreApi.ADMIN_PREFIX)) {
            return Optional.empty();
        }
        String expected = switch (proxy) {
            case ProxyId.NodeAgent n -> IssuancePolicy.NODE_PREFIX + n.node();
            case ProxyId.Waypoint w -> IssuancePolicy.WAYPOINT_PREFIX + w.namespace() + "/" + w.name();
        };
        return expected.equals(caller) ? Optional.empty()
                : Optional.of("caller " + caller + " may not subscribe as " + proxy);
    }

    private static List<String> serverNames(String namespace) {
        return List.of("trellis-control-plane." + namespace + ".svc",
                "trellis-control-plane." + namespace + ".svc.cluster.local", "trellis-control-plane", "localhost");
    }

    /**
     * Node tokens (callers node/<name>), admin tokens (admin/<name>) and waypoint tokens
     * (waypoint/<namespace>/<gateway>), re-read when their files change.
     */
    private static java.util.function.Supplier<BearerTokens> tokens(ControlPlaneConfig config) {
        return new TokenFiles(Map.of(IssuancePolicy.NODE_PREFIX, config.nodeTokensFile(),
                StoreApi.ADMIN_PREFIX, config.adminTokensFile(), IssuancePolicy.WAYPOINT_PREFIX,
                config.waypointTokensFile()));
    }

    private static InetSocketAddress resolve(InetSocketAddress unresolved) {
        return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    }

    /** Reads the token files again when one changed (checked at most once a second). */
    private static final class TokenFiles implements java.util.function.Supplier<BearerTokens> {
        private final Map<String, Path> files;
        private volatile BearerTokens current = BearerTokens.of(Map.of());
        private volatile long checkedAt;
        private volatile long stamp = -1;

        TokenFiles(Map<String, Path> files) {
            this.files = files;
        }

        @Override
        public BearerTokens get() {
            long now = System.nanoTime();
            if (now - checkedAt > 1_000_000_000L) {
                checkedAt = now;
                long s = stamp();
                if (s != stamp) {
                    current = load();
                    stamp = s;
                }
            }
            return current;
        }

        private long stamp() {
            long s = 0;
            for (Path f : files.values()) {
                try {
                    s = s * 31 + (Files.exists(f) ? Files.getLastModifiedTime(f).toMillis() + Files.size(f) : 0);
                } catch (IOException e) {
                    s = s * 31 + 1;
                }
            }
            return s;
        }

        private BearerTokens load() {
            Map<String, String> holders = new HashMap<>();
            files.forEach((prefix, file) -> {
                if (!Files.exists(file)) {
                    log.warn("tokens file {} does not exist: nobody can authenticate as {}*", file, prefix);
                    return;
                }
                try {
                    BearerTokens.read(file).holders().forEach((hash, name) -> holders.put(hash, prefix + name));
                } catch (IOException | IllegalArgumentException e) {
                    log.error("tokens file {} unreadable, keeping its previous tokens: {}", file, e.getMessage());
                    current.holders().forEach((hash, name) -> {
                        if (name.startsWith(prefix)) {
                            holders.put(hash, name);
                        }
                    });
                }
            });
            return BearerTokens.of(holders);
        }
    }
}
