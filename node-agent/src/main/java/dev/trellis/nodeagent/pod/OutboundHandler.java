package dev.trellis.nodeagent.pod;

import dev.trellis.core.hbone.EarlyBytes;
import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneTarget;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.linux.SocketOptions;
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.nodeagent.outbound.OutboundPlan;
import dev.trellis.nodeagent.outbound.Upstream;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.nodeagent.telemetry.ResponseFlag;
import dev.trellis.nodeagent.telemetry.TelemetryLabels;
import dev.trellis.nodeagent.telemetry.TrackedConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's outbound capture (15001): reads where the app meant to go (SO_ORIGINAL_DST), plans the route,
 * and connects the upstreams in the plan's order (HBONE with the pod's identity, or plain TCP from the pod)
 * until one answers; then relays. A refused plan, or every upstream failing, resets the app's connection.
 */
final class OutboundHandler extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(OutboundHandler.class);

    private final DataPlane plane;
    private final LocalPod pod;
    private final PodSockets sockets;
    private final HboneClient tunnels;

    OutboundHandler(DataPlane plane, LocalPod pod, PodSockets sockets, HboneClient tunnels) {
        this.plane = plane;
        this.pod = pod;
        this.sockets = sockets;
        this.tunnels = tunnels;
    }

    @Override
    protected void initChannel(SocketChannel accepted) {
        accepted.config().setAutoRead(false);
        accepted.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        accepted.pipeline().addLast(new EarlyBytes());
        InetSocketAddress destination;
        try {
            destination = SocketOptions.originalDestination(((UnixChannel) accepted).fd().intValue(),
                    accepted.localAddress().getAddress() instanceof Inet6Address);
        } catch (RuntimeException e) {
            log.warn("pod {}: outbound connection without an original destination ({}); reset", pod.displayName(),
                    e.getMessage());
            Splices.reset(accepted);
            return;
        }
        MeshSnapshot snapshot = plane.state().snapshot();
        Optional<Workload> source = plane.state().workload(pod);
        if (source.isEmpty()) {
            log.warn("pod {}: outbound to {} before discovery knows the pod; reset", pod.displayName(), destination);
            Splices.reset(accepted);
            return;
        }
        OutboundPlan plan = plane.planner().plan(snapshot, source.get(), destination);
        if (plan.route().refused()) {
            log.info("pod {}: outbound to {} refused: {}", pod.displayName(), destination, plan.reason());
            TrackedConnection tracked = plane.telemetry().open(TelemetryLabels.refused(source.get(), plan),
                    accepted.remoteAddress(), destination);
            tracked.close(ResponseFlag.of(plan.route()), Optional.of(plan.reason()));
            Splices.reset(accepted);
            return;
        }
        tryUpstream(accepted, source.get(), plan, 0, Optional.empty());
    }

    private void tryUpstream(SocketChannel accepted, Workload source, OutboundPlan plan, int index,
            Optional<Throwable> lastFailure) {
        List<Upstream> upstreams = plan.upstreams();
        if (index >= upstreams.size()) {
            Upstream first = upstreams.getFirst();
            TrackedConnection tracked = plane.telemetry().open(TelemetryLabels.outbound(source, plan, first),
                    accepted.remoteAddress(), plan.destination());
            String why = lastFailure.map(String::valueOf).orElse("no upstream");
            tracked.close(ResponseFlag.UPSTREAM_CONNECT_FAILURE, Optional.of(why));
            log.info("pod {}: outbound to {}: every upstream failed, last: {}", pod.displayName(), plan.destination(),
                    why);
            Splices.reset(accepted);
            return;
        }
        Upstream upstream = upstreams.get(index);
        connect(accepted, source, upstream).whenComplete((channel, error) -> accepted.eventLoop().execute(() -> {
            if (error != null) {
                tryUpstream(accepted, source, plan, index + 1, Optional.of(error));
                return;
            }
            if (!accepted.isActive()) {
                channel.close();
                return;
            }
            ConnectionLabels labels = TelemetryLabels.outbound(source, plan, upstream);
            TrackedConnection tracked = plane.telemetry().open(labels, accepted.remoteAddress(), plan.destination());
            tracked.upstream(upstream.address());
            EndpointLoad.Tracked load = plane.load().track(upstream.address().getAddress());
            Splices.splice(accepted, channel, tracked, Optional.of(load));
        }));
    }

    private CompletableFuture<Channel> connect(SocketChannel accepted, Workload source, Upstream upstream) {
        if (upstream.transport() == Upstream.Transport.HBONE) {
            HboneTarget target = new HboneTarget(upstream.address(), upstream.identity().orElseThrow(),
                    authority(upstream.authority().orElseThrow()), Map.of());
            return plane.certificates().certificate(source.identity())
                    .thenCompose(c -> tunnels.open(target, new WorkloadCertificate(c.identity(), c.privateKey(),
                            c.chain())));
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        ChannelFuture f = new Bootstrap().group(accepted.eventLoop()).channelFactory(sockets.outgoing())
                .option(ChannelOption.AUTO_READ, false).option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new EarlyBytes()).connect(upstream.address());
        f.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                result.complete(done.channel());
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }

    private static String authority(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
