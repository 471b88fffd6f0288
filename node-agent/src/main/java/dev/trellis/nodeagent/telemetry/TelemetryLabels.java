package dev.trellis.nodeagent.telemetry;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.metrics.ConnectionLabels;
import dev.trellis.core.metrics.ConnectionLabels.Reporter;
import dev.trellis.core.metrics.ConnectionLabels.SecurityPolicy;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.outbound.OutboundPlan;
import dev.trellis.nodeagent.outbound.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link ConnectionLabels} from the model. The workload label is the app's name, not the pod's (so
 * that series do not multiply with pods): the first of the labels {@code app.kubernetes.io/name} and
 * {@code app}, else the pod name.
 */
public final class TelemetryLabels {

    private static final List<String> NAME_LABELS = List.of("app.kubernetes.io/name", "app");

    private TelemetryLabels() {
    }

    /**
     * Labels for an outbound connection reported by the source's agent. The destination is the upstream
     * connected to (for a waypoint route, the waypoint: the identity the tunnel verified).
     */
    public static ConnectionLabels outbound(Workload source, OutboundPlan plan, Upstream upstream) {
        Optional<Workload> dst = upstream.workload();
        return new ConnectionLabels(Reporter.SOURCE, workloadName(source), source.namespace(),
                source.identity().uri(), dst.map(TelemetryLabels::workloadName).orElse(null),
                dst.map(Workload::namespace).orElse(null),
                upstream.identity().map(SpiffeId::uri).orElse(null),
                plan.service().map(Service::hostname).orElse(null),
                upstream.transport() == Upstream.Transport.HBONE ? SecurityPolicy.MUTUAL_TLS : SecurityPolicy.NONE);
    }

    /** Labels for an outbound connection the plan refused: no upstream, so no destination workload. */
    public static ConnectionLabels refused(Workload source, OutboundPlan plan) {
        return new ConnectionLabels(Reporter.SOURCE, workloadName(source), source.namespace(),
                source.identity().uri(), null, null, null, plan.service().map(Service::hostname).orElse(null),
                SecurityPolicy.NONE);
    }

    /**
     * Labels for an inbound connection reported by the destination's agent.
     *
     * @param peer the caller's verified identity (empty for plaintext)
     * @param sourceWorkload the caller's workload, when the snapshot knows its address
     * @param destinationService the service's host name, when the HBONE authority named a service
     */
    public static ConnectionLabels inbound(Optional<SpiffeId> peer, Optional<Workload> sourceWorkload,
            Workload destination, Optional<String> destinationService) {
        return new ConnectionLabels(Reporter.DESTINATION,
                sourceWorkload.map(TelemetryLabels::workloadName).orElse(null),
                peer.map(SpiffeId::namespace).or(() -> sourceWorkload.map(Workload::namespace)).orElse(null),
                peer.map(SpiffeId::uri).orElse(null), workloadName(destination), destination.namespace(),
                destination.identity().uri(), destinationService.orElse(null),
                peer.isPresent() ? SecurityPolicy.MUTUAL_TLS : SecurityPolicy.NONE);
    }

    /** The workload's name for telemetry. */
    public static String workloadName(Workload w) {
        for (String label : NAME_LABELS) {
            String value = w.labels().get(label);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return w.name();
    }
}
