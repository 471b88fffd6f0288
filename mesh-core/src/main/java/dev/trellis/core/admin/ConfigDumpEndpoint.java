package dev.trellis.core.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /config_dump}: every registered store's state under its name, in registration order;
 * {@code ?section=<name>} shows one store (404 naming the known sections if there is no such store).
 */
public final class ConfigDumpEndpoint implements AdminEndpoint {

    private final Map<String, Dumpable> sections;

    private ConfigDumpEndpoint(Map<String, Dumpable> sections) {
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** An endpoint dumping {@code sections} (name → store), in the map's iteration order. */
    public static ConfigDumpEndpoint of(Map<String, Dumpable> sections) {
        sections.forEach((k, v) -> Objects.requireNonNull(v, k));
        return new ConfigDumpEndpoint(sections);
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        var section = request.parameter("section");
        if (section.isPresent()) {
            Dumpable one = sections.get(section.get());
            if (one == null) {
                return AdminResponse.json(404, Map.of("error", "no config_dump section '" + section.get() + "'",
                        "sections", sections.keySet()));
            }
            return AdminResponse.json(200, Map.of(section.get(), one.dump()));
        }
        Map<String, Object> all = new LinkedHashMap<>();
        sections.forEach((name, store) -> all.put(name, store.dump()));
        return AdminResponse.json(200, all);
    }
}
