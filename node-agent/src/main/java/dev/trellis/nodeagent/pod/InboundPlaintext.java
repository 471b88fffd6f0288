package dev.trellis.nodeagent.pod;

import dev.trellis.core.hbone.EarlyBytes;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.linux.SocketOptions;
import dev.trellis.nodeagent.rbac.Decision;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.telemetry.ResponseFlag;
import dev.trellis.nodeagent.telemetry.TelemetryLabels;
import dev.trellis.nodeagent.telemetry.TrackedConnection;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's inbound plaintext capture (15006): callers outside the mesh. Authorized with no identity (so a
 * policy that requires mTLS refuses them), then connected to the app from the caller's address.
 */
final class InboundPlaintext extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(InboundPlaintext.class);

    private final DataPlane plane;
    private final LocalPod pod;
    private final PodSockets sockets;

    InboundPlaintext(DataPlane plane, LocalPod pod, PodSockets sockets) {
        this.plane = plane;
        this.pod = pod;
        this.sockets = sockets;
    }

    @Override
    protected void initChannel(SocketChannel accepted) {
        accepted.config().setAutoRead(false);
        accepted.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        accepted.pipeline().addLast(new EarlyBytes());
        InetSocketAddress target;
        try {
            target = SocketOptions.originalDestination(((UnixChannel) accepted).fd().intValue(),
                    accepted.localAddress().getAddress() instanceof Inet6Address);
        } catch (RuntimeException e) {
            log.warn("pod {}: inbound connection without an original destination ({}); reset", pod.displayName(),
                    e.getMessage());
            Splices.reset(accepted);
            return;
        }
        Optional<Workload> self = plane.state().workload(pod);
        if (self.isEmpty()) {
            Splices.reset(accepted);
            return;
        }
        MeshSnapshot snapshot = plane.state().snapshot();
        InetSocketAddress caller = accepted.remoteAddress();
        Optional<Workload> callerWorkload = Optional.ofNullable(snapshot.workloadsByAddress().get(caller.getAddress()));
        TrackedConnection tracked = plane.telemetry().open(TelemetryLabels.inbound(Optional.empty(), callerWorkload,
                self.get(), Optional.empty()), caller, target);
        Decision decision = plane.authorizer().authorize(snapshot, Optional.empty(), caller.getAddress(), self.get(),
                target);
        if (!decision.allowed()) {
            log.info("pod {}: plaintext from {} to port {} denied: {}", pod.displayName(),
                    caller.getAddress().getHostAddress(), target.getPort(), decision.message());
            tracked.close(ResponseFlag.DENIED, Optional.of(decision.message()));
            Splices.reset(accepted);
            return;
        }
        AppConnector.connect(sockets, accepted.eventLoop(), caller.getAddress(), target).whenComplete((app, error) ->
                accepted.eventLoop().execute(() -> {
                    if (error != null) {
                        tracked.close(ResponseFlag.UPSTREAM_CONNECT_FAILURE, Optional.of(String.valueOf(error)));
                        Splices.reset(accepted);
                        return;
                    }
                    tracked.upstream(target);
                    Splices.splice(accepted, app, tracked, Optional.empty());
                }));
    }
}
