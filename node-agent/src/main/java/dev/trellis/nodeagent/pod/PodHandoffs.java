package dev.trellis.nodeagent.pod;

import dev.trellis.cni.server.CaptureDecider;
import dev.trellis.cni.server.CaptureDecision;
import dev.trellis.cni.server.HandoffException;
import dev.trellis.cni.server.PodHandoff;
import dev.trellis.cni.server.PodRef;
import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneServerInitializer;
import dev.trellis.core.model.Workload;
import dev.trellis.core.transport.Transport;
import dev.trellis.linux.SocketOptions;
import dev.trellis.nodeagent.NodeAgentConfig;
import dev.trellis.nodeagent.dns.DnsProxy;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.state.PodListeners;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes pods over from the CNI plugin: decides whether a pod is captured (from discovery), opens its
 * listeners inside its namespace once its certificate is at hand, and closes them when it leaves.
 */
public final class PodHandoffs implements PodHandoff, CaptureDecider {
    private static final Logger log = LoggerFactory.getLogger(PodHandoffs.class);
    /** How long a pod hand-off waits for discovery to learn of the pod, and for its certificate. */
    static final Duration WAIT = Duration.ofSeconds(15);
    static final InetSocketAddress ANY = new InetSocketAddress("0.0.0.0", 0);

    private final DataPlane plane;
    private final CapturedPods captured;
    private final CaptureReconciler reconciler;

    public PodHandoffs(DataPlane plane, CapturedPods captured, CaptureReconciler reconciler) {
        this.plane = plane;
        this.captured = captured;
        this.reconciler = reconciler;
    }

    /** Takes back the pods an earlier run of the agent captured (their rules are still in place). */
    public void recapture() {
        List<PodRef> pods = captured.load();
        int taken = 0;
        for (PodRef pod : pods) {
            try {
                podAdded(pod);
                taken++;
            } catch (HandoffException e) {
                log.warn("pod {}: not taken back after restart: {}", pod.displayName(), e.getMessage());
            }
        }
        // meshctl lab upgrade waits for this line before it stops the node-agent this one replaces.
        log.info("took back {} of {} captured pod(s)", taken, pods.size());
    }

    @Override
    public CaptureDecision decide(PodRef pod) throws HandoffException {
        Workload w = awaitWorkload(pod);
        if (!w.captured()) {
            // Remembered, so that labelling its namespace later captures it in place.
            reconciler.skipped(w.uid(), pod);
            return CaptureDecision.skip("pod " + pod.displayName() + " is not in the mesh (namespace not labelled, "
                    + "or the pod opted out)");
        }
        return CaptureDecision.capture("namespace " + w.namespace() + " is in the mesh");
    }

    @Override
    public void podAdded(PodRef ref) throws HandoffException {
        Workload workload = awaitWorkload(ref);
        LocalPod pending = new LocalPod(workload.uid(), workload.namespace(), workload.name(), ref.netnsPath(),
                plane.clock().instant(), PodListeners.NONE);
        plane.certificates().acquire(workload.uid(), workload.identity());
        try {
            plane.certificates().certificate(workload.identity()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            plane.certificates().release(workload.uid());
            throw new HandoffException("pod " + ref.displayName() + ": no certificate for " + workload.identity().uri()
                    + " within " + WAIT.toSeconds() + " s: " + (e.getCause() == null ? e : e.getCause()).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandoffException("interrupted while taking pod " + ref.displayName());
        }
        PodListenerSet listeners;
        try {
            listeners = open(pending);
        } catch (Exception e) {
            plane.certificates().release(workload.uid());
            throw new HandoffException("pod " + ref.displayName() + ": cannot listen in " + ref.netns() + ": "
                    + e.getMessage());
        }
        LocalPod pod = new LocalPod(pending.uid(), pending.namespace(), pending.name(), pending.netns(),
                pending.handedOver(), listeners);
        plane.state().addPod(pod).ifPresent(previous -> previous.listeners().close());
        captured.added(ref, pod.uid());
        reconciler.captured(pod.uid(), ref);
        log.info("pod {} captured: listening on {} in {}", pod.displayName(), listeners.addresses(), ref.netns());
    }

    @Override
    public void podRemoved(PodRef ref) {
        Optional<LocalPod> removed = plane.state().removePod(ref.uid());
        if (removed.isEmpty()) {
            removed = plane.state().pods().values().stream()
                    .filter(p -> p.namespace().equals(ref.namespace()) && p.name().equals(ref.name())).findFirst()
                    .flatMap(p -> plane.state().removePod(p.uid()));
        }
        if (!ref.uid().isEmpty()) {
            reconciler.forgotten(ref.uid());
        }
        removed.ifPresent(pod -> {
            captured.removed(pod.uid());
            pod.listeners().close();
            plane.certificates().release(pod.uid());
            log.info("pod {} released: listeners closed, open connections drain", pod.displayName());
        });
    }

    private PodListenerSet open(LocalPod pod) throws Exception {
        NodeAgentConfig.Ports ports = plane.config().ports();
        PodSockets sockets = new PodSockets(plane.netns(), pod.netns(), plane.mark());
        HboneClient tunnels = new HboneClient(plane.group(), plane.trustBundles(), plane.hboneSettings(), plane.clock(),
                b -> b.channelFactory(sockets.outgoing()));
        HboneServerInitializer hbone = new HboneServerInitializer(
                local -> plane.state().workload(pod).flatMap(w -> plane.certificates().current(w.identity())),
                plane.trustBundles(), new InboundTunnels(plane, pod, sockets), plane.hboneSettings(),
                plane.hboneMetrics(), plane.clock());
        List<Channel> bound = new ArrayList<>();
        try {
            return sockets.inPod(() -> {
                RequestMigration.enableInCurrentNamespace();
                bound.add(listen(ports.outbound(), new OutboundHandler(plane, pod, sockets, tunnels)));
                bound.add(listen(ports.inboundPlaintext(), new InboundPlaintext(plane, pod, sockets)));
                bound.add(listen(ports.hbone(), hbone));
                DnsProxy dns = DnsProxy.start(Transport.EPOLL, plane.group(),
                        new InetSocketAddress("0.0.0.0", NodeAgentConfig.Ports.DNS), plane.config().dnsUpstream(),
                        plane.dnsNames(), plane.dnsMetrics(),
                        ch -> SocketOptions.setMark(((UnixChannel) ch).fd().intValue(), plane.mark()));
                return new PodListenerSet(bound, dns, tunnels);
            });
        } catch (Exception e) {
            bound.forEach(Channel::close);
            tunnels.close();
            throw e;
        }
    }

    /**
     * A listener in the pod, sharing its port (SO_REUSEPORT) so that a new node-agent can open its own beside
     * it during an upgrade; the pod's {@code tcp_migrate_req} hands the handshakes queued on a closing listener to
     * the one that stays, so none is lost when the old agent stops accepting.
     */
    private Channel listen(int port, ChannelInitializer<SocketChannel> handler) throws InterruptedException {
        return Transport.EPOLL.sharedPort(new ServerBootstrap().group(plane.group())
                        .channel(Transport.EPOLL.serverSocketChannel()))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(handler).bind(new InetSocketAddress("0.0.0.0", port)).sync().channel();
    }

    /** The pod's workload, waiting for discovery to learn of a pod that was just scheduled. */
    private Workload awaitWorkload(PodRef ref) throws HandoffException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Workload> w = find(ref);
            if (w.isPresent()) {
                return w.get();
            }
            if (System.nanoTime() > deadline) {
                throw new HandoffException("pod " + ref.displayName() + " (uid " + ref.uid() + "): discovery has not "
                        + "told this node-agent about it within " + WAIT.toSeconds() + " s; is it in the store with "
                        + "spec.nodeName " + plane.config().nodeName() + "?");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HandoffException("interrupted while waiting for pod " + ref.displayName());
            }
        }
    }

    private Optional<Workload> find(PodRef ref) {
        var snapshot = plane.state().snapshot();
        Workload byUid = snapshot.workloads().get(ref.uid());
        if (byUid != null) {
            return Optional.of(byUid);
        }
        return snapshot.workloads().values().stream()
                .filter(w -> w.namespace().equals(ref.namespace()) && w.name().equals(ref.name())).findFirst();
    }
}
