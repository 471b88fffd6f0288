package dev.trellis.controlplane.translate;

import dev.trellis.controlplane.store.PodResource;
import dev.trellis.controlplane.store.PodResource.PodStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes pod addresses unique. Two live pods claiming one address would make "which workload is at this
 * address" depend on map order, so the first pod in namespace/name order keeps it and the others lose it
 * (reported as a problem). Ended and unscheduled pods claim nothing: they are no workloads.
 */
final class AddressClaims {

    private AddressClaims() {
    }

    /** {@code pods} (in store order) with every address held by at most one live pod. */
    static List<PodResource> unique(List<PodResource> pods, List<String> problems) {
        Map<InetAddress, PodResource> claims = new HashMap<>();
        List<PodResource> result = new ArrayList<>(pods.size());
        for (PodResource pod : pods) {
            if (pod.nodeName().isEmpty() || pod.status().terminated()) {
                result.add(pod);
                continue;
            }
            List<InetAddress> kept = new ArrayList<>();
            for (InetAddress address : pod.status().podIPs()) {
                PodResource holder = claims.putIfAbsent(address, pod);
                if (holder == null) {
                    kept.add(address);
                } else {
                    problems.add("Pod " + pod.meta().namespace() + "/" + pod.meta().name() + ": address "
                            + address.getHostAddress() + " is also Pod " + holder.meta().namespace() + "/"
                            + holder.meta().name() + "'s (expected: one pod per address); left out");
                }
            }
            result.add(kept.size() == pod.status().podIPs().size() ? pod
                    : pod.withStatus(new PodStatus(pod.status().phase(), kept, pod.status().ready())));
        }
        return result;
    }
}
