package dev.trellis.controlplane.discovery;

import dev.trellis.core.discovery.ResourceSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deltas computed once per (base, target) pair of set instances. After a change, most proxies go from the
 * same shared set to the same new one; computing that difference once instead of once per proxy is what
 * keeps a change to 1,000 proxies cheap. Cleared on every publish (old pairs are not asked for again).
 */
final class DeltaCache {
    private final ConcurrentHashMap<Pair, ResourceSet.Delta> deltas = new ConcurrentHashMap<>();

    ResourceSet.Delta between(ResourceSet base, ResourceSet target) {
        return deltas.computeIfAbsent(new Pair(base, target), p -> target.deltaFrom(base));
    }

    void clear() {
        deltas.clear();
    }

    /** Compares its sets by identity: the point is to recognise the very same instances. */
    private record Pair(ResourceSet base, ResourceSet target) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.base == base && p.target == target;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(base) + System.identityHashCode(target);
        }
    }
}
