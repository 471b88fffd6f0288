package dev.trellis.controlplane.translate;

import dev.trellis.controlplane.store.PodResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods of one namespace that can back a Service (scheduled, not terminated, with an address), indexed by
 * label pair. A Service's selector then looks at the pods carrying its first pair only, instead of every pod
 * of the namespace: with 10,000 services over 100,000 pods that is what keeps a translation fast.
 */
final class NamespacePods {
    static final NamespacePods NONE = new NamespacePods(List.of());

    private final Map<String, List<PodResource>> byLabel = new HashMap<>();

    NamespacePods(List<PodResource> pods) {
        for (PodResource p : pods) {
            if (p.nodeName().isEmpty() || p.status().terminated() || p.status().podIPs().isEmpty()) {
                continue;
            }
            p.meta().labels().forEach((k, v) -> byLabel.computeIfAbsent(pair(k, v), x -> new ArrayList<>()).add(p));
        }
    }

    /** The pods {@code selector} selects, by name then uid; none for an empty selector (a Service without one). */
    List<PodResource> selectedBy(Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        Map.Entry<String, String> first = selector.entrySet().iterator().next();
        List<PodResource> selected = new ArrayList<>();
        for (PodResource p : byLabel.getOrDefault(pair(first.getKey(), first.getValue()), List.of())) {
            if (Selectors.matches(selector, p.meta().labels())) {
                selected.add(p);
            }
        }
        selected.sort(Comparator.comparing((PodResource p) -> p.meta().name()).thenComparing(p -> p.meta().uid()));
        return selected;
    }

    /** A label pair as one key; '=' cannot appear in a label key, so no two pairs share one. */
    private static String pair(String key, String value) {
        return key + "=" + value;
    }
}
