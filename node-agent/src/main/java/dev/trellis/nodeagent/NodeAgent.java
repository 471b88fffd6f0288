package dev.trellis.nodeagent;

import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.cni.rules.CaptureSettings;
import dev.trellis.cni.rules.NsenterCommandRunner;
import dev.trellis.cni.rules.PodRedirection;
import dev.trellis.cni.rules.RuleTools;
import dev.trellis.cni.server.CniRequestHandler;
import dev.trellis.cni.server.CniServer;
import dev.trellis.cni.server.PodCapture;
import dev.trellis.core.accesslog.AccessLog;
import dev.trellis.core.admin.LogbackLevels;
import dev.trellis.core.discovery.DiscoveryClient;
import dev.trellis.core.discovery.DiscoveryMetrics;
import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.hbone.HboneSettings;
import dev.trellis.core.lifecycle.Readiness;
import dev.trellis.core.metrics.ConnectionMetrics;
import dev.trellis.core.retry.Backoff;
import dev.trellis.core.transport.Transport;
import dev.trellis.linux.Netns;
import dev.trellis.nodeagent.admin.AdminWhenFree;
import dev.trellis.nodeagent.admin.NodeAgentAdmin;
import dev.trellis.nodeagent.adopt.NetnsInventory;
import dev.trellis.nodeagent.adopt.PodAdoption;
import dev.trellis.nodeagent.adopt.PodNetnsFinder;
import dev.trellis.core.controlplane.ControlPlaneChannel;
import dev.trellis.nodeagent.controlplane.GrpcCertificateIssuer;
import dev.trellis.nodeagent.dns.DnsMetrics;
import dev.trellis.nodeagent.dns.DnsProxy;
import dev.trellis.nodeagent.identity.IdentityReconciler;
import dev.trellis.nodeagent.identity.Scheduler;
import dev.trellis.nodeagent.identity.WorkloadCertificates;
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.nodeagent.outbound.OutboundPlanner;
import dev.trellis.nodeagent.pod.CaptureReconciler;
import dev.trellis.nodeagent.pod.CapturedPods;
import dev.trellis.nodeagent.pod.DataPlane;
import dev.trellis.nodeagent.pod.PodHandoffs;
import dev.trellis.core.controlplane.TrustBundles;
import dev.trellis.nodeagent.rbac.AuthorizationTelemetry;
import dev.trellis.nodeagent.rbac.Authorizer;
import dev.trellis.nodeagent.rbac.InboundAuthorizer;
import dev.trellis.nodeagent.state.ProxyState;
import dev.trellis.nodeagent.telemetry.ConnectionTelemetry;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-agent assembled: the control-plane channel (discovery into the proxy state, the CA client),
 * certificates, the decision stages, the pods' data plane, the CNI hand-off socket and the admin servers.
 * Ready once discovery delivered its first snapshot.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
    /** How long a pod in the mesh may stay unknown before the agent looks for it (its CNI ADD may be under way). */
    private static final Duration ADOPTION_GRACE = Duration.ofSeconds(10);

    private final NodeAgentConfig config;
    private final ProxyState state;
    private final ControlPlaneChannel controlPlane;
    private final DiscoveryClient discovery;
    private final CniServer cni;
    private final AdminWhenFree admin;
    private final EventLoopGroup group;
    private final ScheduledExecutorService scheduler;
    private final Netns netns;
    private final Readiness readiness;
    private final ConnectionTelemetry telemetry;

    private NodeAgent(NodeAgentConfig config, ProxyState state, ControlPlaneChannel controlPlane,
            DiscoveryClient discovery, CniServer cni, AdminWhenFree admin, EventLoopGroup group,
            ScheduledExecutorService scheduler, Netns netns, Readiness readiness, ConnectionTelemetry telemetry) {
        this.telemetry = telemetry;
        this.config = config;
        this.state = state;
        this.controlPlane = controlPlane;
        this.discovery = discovery;
        this.cni = cni;
        this.admin = admin;
        this.group = group;
        this.scheduler = scheduler;
        this.netns = netns;
        this.readiness = readiness;
    }

    public static NodeAgent start(NodeAgentConfig config, Clock clock) throws Exception {
        if (Transport.best() != Transport.EPOLL) {
            throw new IllegalStateException("the epoll transport did not load; the node-agent needs it to mark and "
                    + "make transparent the sockets it opens in pods");
        }
        awaitFile(config.controlPlaneTrustBundle(), "the control plane's trust bundle");
        PrometheusRegistry registry = new PrometheusRegistry();
        Readiness readiness = new Readiness();
        Readiness.Blocker firstSnapshot = readiness.block("discovery: first snapshot");
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1,
                Thread.ofPlatform().name("agent-timers").daemon().factory());
        EventLoopGroup group = Transport.EPOLL.newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().name("agent-io-", 0).daemon().factory());
        Netns netns = Netns.runner();
        ProxyState state = new ProxyState();
        ControlPlaneChannel controlPlane = ControlPlaneChannel.open(config.controlPlane(), config.rootNamespace(),
                config.controlPlaneTrustBundle(), config.tokenPath());
        WorkloadCertificates certificates = new WorkloadCertificates(new GrpcCertificateIssuer(controlPlane.channel()),
                clock, Scheduler.of(scheduler), Backoff.DEFAULT);
        IdentityReconciler identities = new IdentityReconciler(certificates, config.nodeName());
        DnsProxy.Names dnsNames = new DnsProxy.Names();
        CaptureReconciler captures = new CaptureReconciler(Optional.of(new PodAdoption(config.nodeName(),
                new PodNetnsFinder(new NetnsInventory(List.of(config.netnsDir()), config.hostProc())::namespaces, new NsenterCommandRunner("nsenter", 10_000)),
                clock, ADOPTION_GRACE)));
        EndpointLoad load = new EndpointLoad();
        ConnectionTelemetry telemetry = new ConnectionTelemetry(new ConnectionMetrics(registry), AccessLog.create(),
                clock);
        DataPlane plane = new DataPlane(config, state,
                OutboundPlanner.create(config.ports(), RandomGenerator.getDefault(), load),
                new InboundAuthorizer(new Authorizer(config.rootNamespace()), new AuthorizationTelemetry(registry)),
                certificates, telemetry, load,
                group, netns, HboneSettings.DEFAULT, new HboneMetrics(registry), new TrustBundles(state::snapshot),
                dnsNames, new DnsMetrics(registry), DataPlane.AGENT_MARK, clock);
        DiscoveryClient discovery = new DiscoveryClient(controlPlane.channel(),
                Subscribe.newBuilder().setNodeName(config.nodeName()).setInstance(ProcessHandle.current().pid()
                        + "@" + config.nodeName()).build(),
                discovered -> {
                    state.publish(discovered.snapshot());
                    dnsNames.update(discovered.snapshot());
                    identities.reconcile(state);
                    captures.reconcile(discovered.snapshot());
                    firstSnapshot.close();
                }, scheduler, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)), new DiscoveryMetrics(registry));
        discovery.start();
        PodHandoffs handoffs = new PodHandoffs(plane, new CapturedPods(config.cniSocket().resolveSibling("pods")),
                captures);
        PodCapture capture = new PodCapture(new PodRedirection(CaptureSettings.defaults(), RuleTools.defaults(),
                new NsenterCommandRunner("nsenter", 10_000)), handoffs);
        captures.use(capture);
        Files.createDirectories(config.cniSocket().getParent());
        CniServer cni = CniServer.start(config.cniSocket(), new CniRequestHandler(handoffs, capture, handoffs));
        AdminWhenFree admin = AdminWhenFree.start(() -> NodeAgentAdmin.start(NodeAgentAdmin.Bindings.of(config.ports()),
                config, state, certificates, registry, readiness, LogbackLevels.ofRunningContext()), scheduler);
        Thread.ofVirtual().name("recapture").start(() -> {
            awaitReady(readiness);
            handoffs.recapture();
            captures.startAdopting();
        });
        log.info("node-agent {}: control plane {}, CNI socket {}, admin {}", config.nodeName(), config.controlPlane(),
                config.cniSocket(), admin.admin().map(a -> a.servers().getFirst().address().toString())
                        .orElse("waiting for its ports"));
        return new NodeAgent(config, state, controlPlane, discovery, cni, admin, group, scheduler, netns, readiness,
                telemetry);
    }

    public ProxyState state() {
        return state;
    }

    /**
     * Stops taking pods and accepting connections, lets the connections it carries run to their end for up
     * to the drain time, then stops. During an upgrade a successor already listens beside each listener closed
     * here (SO_REUSEPORT) and has taken the CNI socket's path, so new connections and pods go to it meanwhile.
     */
    @Override
    public void close() throws Exception {
        readiness.block("draining");
        cni.close();
        state.pods().values().forEach(p -> p.listeners().close());
        long deadline = System.nanoTime() + config.drain().toNanos();
        log.info("node-agent: stopped accepting; draining {} connection(s) for up to {} s",
                telemetry.openConnections(), config.drain().toSeconds());
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (telemetry.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            if (System.nanoTime() > nextReport) {
                log.info("node-agent: {} connection(s) still open", telemetry.openConnections());
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
        }
        int left = telemetry.openConnections();
        if (left > 0) {
            log.warn("node-agent: drain time over; closing {} connection(s) still open", left);
        } else {
            log.info("node-agent: every connection ended; stopping");
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        discovery.close();
        controlPlane.close();
        admin.close();
        netns.close();
        scheduler.shutdownNow();
    }

    private static void awaitReady(Readiness readiness) {
        while (!readiness.isReady()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void awaitFile(Path file, String what) throws InterruptedException {
        for (int i = 0; !Files.exists(file); i++) {
            if (i % 50 == 0) {
                log.warn("waiting for {} at {}", what, file);
            }
            Thread.sleep(200);
        }
    }
}
