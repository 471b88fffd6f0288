package dev.trellis.waypoint.proxy;

import dev.trellis.core.hbone.EarlyBytes;
import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneTarget;
import dev.trellis.core.hbone.Relay;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.Workload;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.waypoint.state.WaypointState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A connection that is not HTTP: L4 only. Relayed as bytes to an endpoint of the original destination
 * service over HBONE (round robin), with the waypoint's identity. The bytes read during detection are held
 * and go first.
 */
final class TcpFallback {

    private final WaypointState state;
    private final HboneClient client;
    private final Supplier<WorkloadCertificate> identity;
    private final int hbonePort;
    private final EndpointBalancer balancer = new EndpointBalancer();

    TcpFallback(WaypointState state, HboneClient client, Supplier<WorkloadCertificate> identity, int hbonePort) {
        this.state = state;
        this.client = client;
        this.identity = identity;
        this.hbonePort = hbonePort;
    }

    void start(ChannelPipeline pipeline, ConnectionContext context) {
        Channel downstream = pipeline.channel();
        downstream.config().setAutoRead(false);
        pipeline.addLast(new EarlyBytes());
        var mesh = state.current().mesh();
        var service = mesh.service(context.destination().service()).orElse(context.service());
        Optional<ServicePort> port = service.port(context.destination().port());
        Optional<Endpoint> endpoint = balancer.pick(service);
        Workload workload = endpoint.map(e -> mesh.workloads().get(e.workloadUid())).orElse(null);
        if (port.isEmpty() || workload == null) {
            downstream.close();
            return;
        }
        var address = endpoint.get().address();
        HboneTarget target = new HboneTarget(new InetSocketAddress(address, hbonePort), workload.identity(),
                new InetSocketAddress(address, port.get().targetPort()).getHostString() + ":" + port.get().targetPort(),
                Map.of());
        client.open(target, identity.get()).whenComplete((tunnel, failure) -> {
            if (failure != null) {
                downstream.close();
                return;
            }
            Relay.splice(downstream, tunnel, result -> { });
        });
    }
}
