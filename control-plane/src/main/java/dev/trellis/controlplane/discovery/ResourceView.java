package dev.trellis.controlplane.discovery;

import dev.trellis.core.discovery.ResourceSet;

/**
 * What each proxy should have at one moment: computed from one store snapshot, immutable. Implementations
 * may compute lazily and should memoize (many streams ask for the same node or waypoint).
 */
@FunctionalInterface
public interface ResourceView {
    ResourceView EMPTY = proxy -> ResourceSet.EMPTY;

    ResourceSet resourcesFor(ProxyId proxy);
}
