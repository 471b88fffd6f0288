package dev.trellis.nodeagent.identity;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.state.ProxyState;
import java.util.Map;

/**
 * Keeps {@link WorkloadCertificates} in step with the local pods: a pod's identity is known only once
 * discovery has sent its workload, which may come before or after the CNI hands the pod over. Call
 * {@link #reconcile} after every snapshot publish and every pod added or removed; it is idempotent.
 */
public final class IdentityReconciler {

    private final WorkloadCertificates certificates;

    public IdentityReconciler(WorkloadCertificates certificates) {
        this.certificates = certificates;
    }

    /** Acquires the identity of every local pod discovery knows, and releases pods that are gone. */
    public void reconcile(ProxyState state) {
        MeshSnapshot snapshot = state.snapshot();
        Map<String, LocalPod> pods = state.pods();
        for (String held : certificates.pods()) {
            if (!pods.containsKey(held)) {
                certificates.release(held);
            }
        }
        for (LocalPod pod : pods.values()) {
            Workload workload = snapshot.workloads().get(pod.uid());
            if (workload != null) {
                certificates.acquire(pod.uid(), workload.identity());
            }
        }
    }
}
