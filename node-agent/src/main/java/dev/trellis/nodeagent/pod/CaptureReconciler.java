package dev.trellis.nodeagent.pod;

import dev.trellis.cni.rules.RedirectionException;
import dev.trellis.cni.server.HandoffException;
import dev.trellis.cni.server.PodCapture;
import dev.trellis.cni.server.PodRef;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.adopt.PodAdoption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps running pods in step with their capture state, without restarting them. Every pod the CNI plugin
 * told the agent about is remembered with whether it was captured. When discovery says a skipped pod is
 * now in the mesh (its namespace was labelled), its rules are installed and it is handed over; when a
 * captured pod leaves the mesh, it is released. Rules only redirect new connections: connections the pod
 * already has keep going as they were, in both directions (conntrack keeps their translation).
 *
 * <p>Pods the CNI plugin never told this agent about (they ran before it was installed, or were skipped
 * before a restart) are found through {@link PodAdoption} once adoption has started, on every update and on
 * a periodic tick.
 */
public final class CaptureReconciler {
    private static final Logger log = LoggerFactory.getLogger(CaptureReconciler.class);

    private static final Duration ADOPTION_TICK = Duration.ofSeconds(5);

    private final Map<String, Known> pods = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("capture-reconciler").daemon().factory());
    private final Optional<PodAdoption> adoption;
    private volatile boolean adopting;
    private volatile MeshSnapshot last = MeshSnapshot.EMPTY;
    private PodCapture capture;

    /** Knows only the pods the CNI plugin hands over. */
    public CaptureReconciler() {
        this(Optional.empty());
    }

    public CaptureReconciler(Optional<PodAdoption> adoption) {
        this.adoption = adoption;
    }

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

    /**
     * Starts looking for pods nobody handed over; call it once the pods recorded by an earlier run are back,
     * so that they are not mistaken for unknown ones.
     */
    public void startAdopting() {
        if (adoption.isEmpty() || adopting) {
            return;
        }
        adopting = true;
        long tick = ADOPTION_TICK.toMillis();
        worker.scheduleWithFixedDelay(() -> reconcileNow(last), tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Compares every known pod with {@code snapshot} and captures or releases it; returns at once. */
    public void reconcile(MeshSnapshot snapshot) {
        last = snapshot;
        worker.execute(() -> reconcileNow(snapshot));
    }

    private void reconcileNow(MeshSnapshot snapshot) {
        if (adopting) {
            adopt(snapshot);
        }
        pods.forEach((uid, known) -> {
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
        });
    }

    /** Remembers the pods adoption found as not captured yet, so that the pass after captures them. */
    private void adopt(MeshSnapshot snapshot) {
        try {
            for (PodRef ref : adoption.orElseThrow().adoptable(snapshot, pods.keySet())) {
                log.info("pod {} is in the mesh but was never handed to this agent: found it in {}",
                        ref.displayName(), ref.netns());
                pods.putIfAbsent(ref.uid(), new Known(ref, false));
            }
        } catch (RuntimeException e) {
            log.warn("looking for pods that were never handed over failed: {}", e.getMessage());
        }
    }
}
