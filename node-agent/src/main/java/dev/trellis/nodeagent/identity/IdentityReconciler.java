package dev.trellis.nodeagent.identity;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.state.ProxyState;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps {@link WorkloadCertificates} in step with the local pods: a pod's identity is known only once
 * discovery has sent its workload, which may come before or after the CNI hands the pod over. A workload in
 * the mesh that discovery schedules on this node is held too before its hand-over, so that the certificate is
 * ready when the pod's CNI ADD comes and the pod starts without waiting for the CA. Call {@link #reconcile}
 * after every snapshot publish and every pod added or removed; it is idempotent.
 */
public final class IdentityReconciler {

    private final WorkloadCertificates certificates;
    private final String nodeName;

    public IdentityReconciler(WorkloadCertificates certificates, String nodeName) {
        this.certificates = certificates;
        this.nodeName = nodeName;
    }

    /** Acquires the identity of every local pod discovery knows, and releases pods that are gone. */
    public void reconcile(ProxyState state) {
        MeshSnapshot snapshot = state.snapshot();
        Map<String, LocalPod> pods = state.pods();
        Map<String, Workload> wanted = new HashMap<>();
        for (Workload w : snapshot.workloads().values()) {
            if (w.captured() && w.node().equals(nodeName)) {
                wanted.put(w.uid(), w);
            }
        }
        for (LocalPod pod : pods.values()) {
            Workload workload = snapshot.workloads().get(pod.uid());
            if (workload != null) {
                wanted.put(pod.uid(), workload);
            }
        }
        for (String held : certificates.pods()) {
            if (!pods.containsKey(held) && !wanted.containsKey(held)) {
                certificates.release(held);
            }
        }
        wanted.forEach((uid, workload) -> certificates.acquire(uid, workload.identity()));
    }
}
