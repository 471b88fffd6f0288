package dev.trellis.nodeagent.pod;

import dev.trellis.core.hbone.HboneRejection;
import dev.trellis.core.hbone.HboneRequest;
import dev.trellis.core.hbone.HboneRequestHandler;
import dev.trellis.core.hbone.HboneResponder;
import dev.trellis.core.hbone.Relay;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.rbac.Decision;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.telemetry.ResponseFlag;
import dev.trellis.nodeagent.telemetry.TelemetryLabels;
import dev.trellis.nodeagent.telemetry.TrackedConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's HBONE (15008) requests: the caller's verified identity is authorized against the pod's L4
 * policies; an allowed stream is connected to the app on the requested port from the caller's address.
 * Only the pod's own addresses may be asked for.
 */
final class InboundTunnels implements HboneRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(InboundTunnels.class);

    private final DataPlane plane;
    private final LocalPod pod;
    private final PodSockets sockets;

    InboundTunnels(DataPlane plane, LocalPod pod, PodSockets sockets) {
        this.plane = plane;
        this.pod = pod;
        this.sockets = sockets;
    }

    @Override
    public void handle(HboneRequest request, HboneResponder responder) {
        MeshSnapshot snapshot = plane.state().snapshot();
        Optional<Workload> self = plane.state().workload(pod);
        InetSocketAddress target = request.target();
        if (self.isEmpty() || !self.get().addresses().contains(target.getAddress())) {
            responder.reject(HboneRejection.BAD_AUTHORITY, "pod " + pod.displayName() + " does not have address "
                    + target.getAddress().getHostAddress());
            return;
        }
        InetAddress callerIp = request.remoteAddress().getAddress();
        Optional<Workload> caller = Optional.ofNullable(snapshot.workloadsByAddress().get(callerIp));
        TrackedConnection tracked = plane.telemetry().open(TelemetryLabels.inbound(Optional.of(request.peer()), caller,
                self.get(), Optional.empty()), request.remoteAddress(), target);
        Decision decision = plane.authorizer().authorize(snapshot, Optional.of(request.peer()), callerIp, self.get(),
                target);
        if (!decision.allowed()) {
            log.info("pod {}: HBONE from {} ({}) to port {} denied: {}", pod.displayName(), request.peer().uri(),
                    callerIp.getHostAddress(), target.getPort(), decision.message());
            tracked.close(ResponseFlag.DENIED, Optional.of(decision.message()));
            responder.reject(HboneRejection.DENIED, decision.message());
            return;
        }
        AppConnector.connect(sockets, responder.eventLoop(), callerIp, target).whenComplete((app, error) -> {
            if (error != null) {
                tracked.close(ResponseFlag.UPSTREAM_CONNECT_FAILURE, Optional.of(String.valueOf(error.getMessage())));
                responder.reject(HboneRejection.UPSTREAM_FAILED, "pod " + pod.displayName() + " port "
                        + target.getPort() + ": " + error.getMessage());
                return;
            }
            tracked.upstream(target);
            responder.accept(app, result -> report(tracked, result));
        });
    }

    private static void report(TrackedConnection tracked, Relay.RelayResult result) {
        tracked.sent(result.bytesAToB());
        tracked.received(result.bytesBToA());
        if (result.failure().isEmpty()) {
            tracked.close(ResponseFlag.NONE, Optional.empty());
        } else {
            tracked.close(result.failure().get().onA() ? ResponseFlag.DOWNSTREAM_RESET : ResponseFlag.UPSTREAM_RESET,
                    Optional.of(String.valueOf(result.failure().get().cause())));
        }
    }
}
