package dev.trellis.cni.server;

import dev.trellis.cni.rules.PodRedirection;
import dev.trellis.cni.rules.RedirectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts one pod into the mesh or takes it out: redirection rules plus the node-agent hand-off, all or nothing.
 *
 * <p>Used by the CNI ADD/DEL path and, for live changes (a namespace labelled or unlabelled while its pods run),
 * by the node-agent's reconciler, which finds the running pods' network namespaces and calls {@link #capture} or
 * {@link #release} with the same effect. Calls for the same pod are serialised (striped locks by container ID).
 */
public final class PodCapture {
    private static final Logger log = LoggerFactory.getLogger(PodCapture.class);
    private static final int STRIPES = 64;

    private final PodRedirection redirection;
    private final PodHandoff handoff;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public PodCapture(PodRedirection redirection, PodHandoff handoff) {
        this.redirection = redirection;
        this.handoff = handoff;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Installs the rules, then hands the pod over; if the hand-off fails, the rules are removed again. */
    public void capture(PodRef pod) throws RedirectionException, HandoffException {
        ReentrantLock lock = lockFor(pod);
        lock.lock();
        try {
            long started = System.nanoTime();
            redirection.install(pod.netnsPath());
            long installed = System.nanoTime();
            try {
                handoff.podAdded(pod);
            } catch (HandoffException | RuntimeException e) {
                rollback(pod, e);
                throw e;
            }
            log.info("captured pod {} (netns {}) in {} ms: rules {} ms, hand-off {} ms", pod.displayName(),
                    pod.netns(), millis(System.nanoTime() - started), millis(installed - started),
                    millis(System.nanoTime() - installed));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the node-agent the pod leaves, then removes the rules. Established connections keep their conntrack
     * NAT entries and drain through the node-agent; only new connections go direct. A missing netns is fine.
     */
    public void release(PodRef pod) throws RedirectionException, HandoffException {
        ReentrantLock lock = lockFor(pod);
        lock.lock();
        try {
            HandoffException handoffFailure = null;
            try {
                handoff.podRemoved(pod);
            } catch (HandoffException e) {
                handoffFailure = e;
            }
            if (!pod.netns().isEmpty() && Files.exists(pod.netnsPath())) {
                redirection.remove(pod.netnsPath());
            }
            if (handoffFailure != null) {
                throw handoffFailure;
            }
            log.info("released pod {}", pod.displayName());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pod leaves the mesh but keeps running: the node-agent stops taking its new connections and its
     * redirects go, while the connections the agent carries finish (see {@link PodRedirection#stopCapturing}).
     */
    public void leave(PodRef pod) throws RedirectionException, HandoffException {
        ReentrantLock lock = lockFor(pod);
        lock.lock();
        try {
            handoff.podRemoved(pod);
            redirection.stopCapturing(pod.netnsPath());
            log.info("pod {} left the mesh; connections in progress finish through the node-agent",
                    pod.displayName());
        } finally {
            lock.unlock();
        }
    }

    /** Every way the pod's namespace differs from a full installation. */
    public List<String> verify(PodRef pod) throws RedirectionException {
        return redirection.verify(pod.netnsPath());
    }

    private void rollback(PodRef pod, Exception cause) {
        try {
            redirection.remove(pod.netnsPath());
        } catch (RedirectionException e) {
            cause.addSuppressed(e);
            log.error("pod {}: hand-off failed and removing its rules failed too: {}", pod.displayName(),
                    e.getMessage());
        }
    }

    private ReentrantLock lockFor(PodRef pod) {
        return locks[Math.floorMod(pod.containerId().hashCode(), STRIPES)];
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
