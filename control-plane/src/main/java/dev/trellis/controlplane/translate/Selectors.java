package dev.trellis.controlplane.translate;

import java.util.Map;

/** Label selection as Kubernetes does it for Services and policies: every selector pair must be present. */
final class Selectors {

    private Selectors() {
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
