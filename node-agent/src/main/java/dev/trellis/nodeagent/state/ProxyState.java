package dev.trellis.nodeagent.state;

import dev.trellis.core.admin.Dumpable;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node-agent's state: two immutable stores, each published whole through an {@link AtomicReference}
 * so that event loops read them without locks.
 *
 * <p>Writers:
 * <ul>
 *   <li>the mesh snapshot has one writer, the discovery client, which calls {@link #publish} with a
 *       complete, validated snapshot (never a partial one);</li>
 *   <li>the local pods are written by the pod hand-off (CNI requests, and the reconciler for pods that
 *       existed before the agent started); {@link #addPod} and {@link #removePod} are serialized with each
 *       other, so those two callers need no coordination.</li>
 * </ul>
 * Readers see either the old or the new map, never one in between.
 */
public final class ProxyState implements Dumpable {

    private final AtomicReference<MeshSnapshot> snapshot = new AtomicReference<>(MeshSnapshot.EMPTY);
    private final AtomicReference<Map<String, LocalPod>> pods = new AtomicReference<>(Map.of());

    /** The current snapshot; {@link MeshSnapshot#EMPTY} before the first push. */
    public MeshSnapshot snapshot() {
        return snapshot.get();
    }

    /** Replaces the snapshot. Called only by the discovery client (the single writer). */
    public void publish(MeshSnapshot next) {
        snapshot.set(Objects.requireNonNull(next, "next"));
    }

    /** The captured pods of this node, by uid. */
    public Map<String, LocalPod> pods() {
        return pods.get();
    }

    public Optional<LocalPod> pod(String uid) {
        return Optional.ofNullable(pods.get().get(uid));
    }

    /** The workload the current snapshot holds for a local pod, if discovery knows it yet. */
    public Optional<Workload> workload(LocalPod pod) {
        return Optional.ofNullable(snapshot.get().workloads().get(pod.uid()));
    }

    /**
     * Adds (or replaces, for a repeated hand-off of the same pod) a local pod.
     *
     * @return the pod it replaced, whose listeners the caller closes
     */
    public synchronized Optional<LocalPod> addPod(LocalPod pod) {
        Map<String, LocalPod> next = new HashMap<>(pods.get());
        LocalPod previous = next.put(pod.uid(), pod);
        pods.set(Map.copyOf(next));
        return Optional.ofNullable(previous);
    }

    /**
     * Removes a local pod.
     *
     * @return the removed pod, whose listeners the caller closes; empty if the pod was not held
     */
    public synchronized Optional<LocalPod> removePod(String uid) {
        Map<String, LocalPod> current = pods.get();
        if (!current.containsKey(uid)) {
            return Optional.empty();
        }
        Map<String, LocalPod> next = new HashMap<>(current);
        LocalPod removed = next.remove(uid);
        pods.set(Map.copyOf(next));
        return Optional.of(removed);
    }

    /** The pods for {@code /pods}: each with its netns, listeners and (if known) workload identity. */
    public Object dumpPods() {
        MeshSnapshot mesh = snapshot.get();
        Map<String, Object> out = new TreeMap<>();
        for (LocalPod pod : pods.get().values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("uid", pod.uid());
            p.put("netns", pod.netns().toString());
            p.put("handedOver", pod.handedOver());
            p.put("listeners", pod.listeners().addresses());
            Workload w = mesh.workloads().get(pod.uid());
            p.put("identity", w == null ? null : w.identity());
            p.put("addresses", w == null ? null : w.addresses());
            out.put(pod.displayName(), p);
        }
        return out;
    }

    @Override
    public Object dump() {
        MeshSnapshot mesh = snapshot.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", mesh.version());
        out.put("workloads", new TreeMap<>(mesh.workloads()));
        out.put("services", mesh.services().values().stream()
                .sorted(Comparator.comparing(s -> s.key().toString())).toList());
        out.put("policies", mesh.policies());
        out.put("trustBundleRoots", mesh.trustBundlePem().size());
        out.put("pods", dumpPods());
        return out;
    }
}
