package dev.trellis.core.model.route;

import java.util.List;
import java.util.Map;

/**
 * Gateway API header modifier: {@code set} replaces, {@code add} appends, {@code remove} deletes. Names are
 * lower-case.
 */
public record HeaderModifier(Map<String, String> set, Map<String, String> add, List<String> remove) {

    public HeaderModifier {
        set = Map.copyOf(set);
        add = Map.copyOf(add);
        remove = List.copyOf(remove);
    }
}
