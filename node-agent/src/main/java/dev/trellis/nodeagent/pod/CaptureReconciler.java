package dev.trellis.nodeagent.pod;

import dev.trellis.cni.rules.RedirectionException;
import dev.trellis.cni.server.HandoffException;
import dev.trellis.cni.server.PodCapture;
import dev.trellis.cni.server.PodRef;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps running pods in step with their capture state, without restarting them. Every pod the CNI plugin
 * told the agent about is remembered with whether it was captured. When discovery says a skipped pod is
 * now in the mesh (its namespace was labelled), its rules are installed and it is handed over; when a
 * captured pod leaves the mesh, it is released. Rules only redirect new connections: connections the pod
 * already has keep going as they were, in both directions (conntrack keeps their translation).
 */
public final class CaptureReconciler {
    private static final Logger log = LoggerFactory.getLogger(CaptureReconciler.class);

    private final Map<String, Known> pods = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("capture-reconciler").daemon().factory());
    private PodCapture capture;

    private record Known(PodRef ref, boolean captured) {
    }

    /** Set once at start (the capture and the reconciler refer to each other through the hand-off). */
    public void use(PodCapture capture) {
        this.capture = capture;
    }

    void skipped(String uid, PodRef ref) {
        pods.put(uid, new Known(ref, false));
    }

    void captured(String uid, PodRef ref) {
        pods.put(uid, new Known(ref, true));
    }

    void forgotten(String uid) {
        pods.remove(uid);
    }

    /** Compares every known pod with {@code snapshot} and captures or releases it; returns at once. */
    public void reconcile(MeshSnapshot snapshot) {
        worker.execute(() -> pods.forEach((uid, known) -> {
            Workload w = snapshot.workloads().get(uid);
            if (w == null || capture == null || w.captured() == known.captured()) {
                return;
            }
            try {
                if (w.captured()) {
                    log.info("pod {} joins the mesh: capturing it in place", known.ref().displayName());
                    capture.capture(known.ref());
                } else {
                    log.info("pod {} leaves the mesh: releasing it; open connections finish", known.ref().displayName());
                    capture.leave(known.ref());
                    pods.put(uid, new Known(known.ref(), false));
                }
            } catch (RedirectionException | HandoffException | RuntimeException e) {
                log.warn("pod {}: changing its capture failed, will retry on the next update: {}",
                        known.ref().displayName(), e.getMessage());
            }
        }));
    }
}
