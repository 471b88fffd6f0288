package dev.trellis.controlplane.translate;

import static dev.trellis.controlplane.store.WaypointLabels.DATAPLANE_MODE;
import static dev.trellis.controlplane.store.WaypointLabels.MODE_AMBIENT;
import static dev.trellis.controlplane.store.WaypointLabels.MODE_NONE;

import dev.trellis.controlplane.store.NamespaceResource;
import dev.trellis.controlplane.store.PodResource;
import dev.trellis.core.model.Workload;
import dev.trellis.core.model.Workload.WorkloadStatus;
import java.util.Optional;

/**
 * A Pod as a workload. Pods not scheduled on a node, and pods that have ended (Succeeded, Failed), are no
 * workloads: no node-agent serves them, and an ended pod's address may already be another pod's.
 */
final class WorkloadTranslator {

    private WorkloadTranslator() {
    }

    static Optional<Workload> translate(PodResource pod, Optional<NamespaceResource> namespace,
            WaypointBindings waypoints, Identities identities) {
        if (pod.nodeName().isEmpty() || pod.status().terminated()) {
            return Optional.empty();
        }
        String ns = pod.meta().namespace();
        return Optional.of(new Workload(pod.meta().uid(), pod.meta().name(), ns,
                identities.of(ns, pod.serviceAccountName()), pod.nodeName(),
                pod.status().podIPs(), captured(pod, namespace, waypoints),
                waypoints.forWorkload(pod, namespace), pod.meta().labels(), status(pod)));
    }

    /** Captured: the namespace opted in, the pod did not opt out, and it is not a waypoint. */
    static boolean captured(PodResource pod, Optional<NamespaceResource> namespace, WaypointBindings waypoints) {
        boolean namespaceIn = namespace.map(ns -> MODE_AMBIENT.equals(ns.meta().labels().get(DATAPLANE_MODE)))
                .orElse(false);
        boolean podOut = MODE_NONE.equals(pod.meta().labels().get(DATAPLANE_MODE));
        return namespaceIn && !podOut && !waypoints.isWaypointPod(pod);
    }

    /** Healthy when running, ready and addressed: only then should it get new connections. */
    static WorkloadStatus status(PodResource pod) {
        boolean healthy = pod.status().phase().equals("Running") && pod.status().ready()
                && !pod.status().podIPs().isEmpty();
        return healthy ? WorkloadStatus.HEALTHY : WorkloadStatus.UNHEALTHY;
    }
}
