package dev.trellis.nodeagent.adopt;

import dev.trellis.cni.server.PodRef;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which pods of this node the agent must find by itself: discovery says they are in the mesh, they
 * have addresses, yet no CNI ADD (and no re-capture after a restart) ever handed them over. A pod qualifies
 * only after it has been in that state for a grace period, so a pod whose CNI ADD is under way is left to
 * the CNI plugin. A pod that is not found (its namespace is gone, or it shares the node's) is looked for
 * again after a wait that doubles up to a bound, so a node is not rescanned on every update.
 * Not thread-safe: the capture reconciler calls it from its one worker thread.
 */
public final class PodAdoption {
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final String nodeName;
    private final PodNetnsFinder finder;
    private final Clock clock;
    private final Duration grace;
    private final Map<String, Attempt> pending = new HashMap<>();

    private record Attempt(Instant due, Duration backoff) {
    }

    public PodAdoption(String nodeName, PodNetnsFinder finder, Clock clock, Duration grace) {
        this.nodeName = nodeName;
        this.finder = finder;
        this.clock = clock;
        this.grace = grace;
    }

    /** The pods to capture in place, with the namespace each was found in; the others wait for a later call. */
    public List<PodRef> adoptable(MeshSnapshot snapshot, Set<String> knownUids) {
        Instant now = clock.instant();
        Map<InetAddress, Workload> due = new HashMap<>();
        Set<String> unknown = new HashSet<>();
        for (Workload w : snapshot.workloads().values()) {
            if (!w.node().equals(nodeName) || !w.captured() || w.addresses().isEmpty()
                    || knownUids.contains(w.uid())) {
                continue;
            }
            unknown.add(w.uid());
            Attempt attempt = pending.computeIfAbsent(w.uid(), uid -> new Attempt(now.plus(grace), grace));
            if (!attempt.due().isAfter(now)) {
                w.addresses().forEach(address -> due.put(address, w));
            }
        }
        pending.keySet().retainAll(unknown);
        if (due.isEmpty()) {
            return List.of();
        }
        return found(finder.find(due.keySet()), due, now);
    }

    private List<PodRef> found(Map<InetAddress, Path> namespaces, Map<InetAddress, Workload> due, Instant now) {
        Map<String, PodRef> refs = new HashMap<>();
        namespaces.forEach((address, netns) -> {
            Workload w = due.get(address);
            refs.putIfAbsent(w.uid(), new PodRef(w.namespace(), w.name(), w.uid(), w.uid(), netns.toString(),
                    w.addresses().stream().map(InetAddress::getHostAddress).toList()));
        });
        for (Workload w : new HashSet<>(due.values())) {
            if (refs.containsKey(w.uid())) {
                pending.remove(w.uid());
            } else {
                Duration wait = min(pending.get(w.uid()).backoff().multipliedBy(2), MAX_WAIT);
                pending.put(w.uid(), new Attempt(now.plus(wait), wait));
            }
        }
        return new ArrayList<>(refs.values());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
