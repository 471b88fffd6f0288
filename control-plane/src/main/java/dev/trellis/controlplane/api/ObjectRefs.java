package dev.trellis.controlplane.api;

import dev.trellis.controlplane.store.Kind;
import dev.trellis.controlplane.store.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The keys named in a YAML stream, for delete: only {@code kind}, {@code metadata.namespace} (default
 * {@code default}) and {@code metadata.name} are read, so an object can be deleted with the very file that
 * created it even if that file would no longer validate.
 */
final class ObjectRefs {
    private ObjectRefs() {
    }

    static List<ObjectKey> read(String yaml, String source) {
        List<ObjectKey> keys = new ArrayList<>();
        int document = 0;
        try {
            for (Object doc : new Load(LoadSettings.builder().setLabel(source).build()).loadAllFromString(yaml)) {
                document++;
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(source + " document " + document + ": not a mapping");
                }
                if ("List".equals(map.get("kind")) && map.get("items") instanceof List<?> items) {
                    for (Object item : items) {
                        keys.add(key(item, source, document));
                    }
                } else {
                    keys.add(key(map, source, document));
                }
            }
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage());
        }
        return keys;
    }

    private static ObjectKey key(Object doc, String source, int document) {
        String where = source + " document " + document;
        if (!(doc instanceof Map<?, ?> map) || !(map.get("kind") instanceof String kindName)) {
            throw new IllegalArgumentException(where + ": kind: missing");
        }
        Kind kind = Kind.byName(kindName).orElseThrow(() -> new IllegalArgumentException(where + ": kind: '"
                + kindName + "' is not a kind the store holds"));
        if (!(map.get("metadata") instanceof Map<?, ?> meta) || !(meta.get("name") instanceof String name)) {
            throw new IllegalArgumentException(where + ": metadata.name: missing");
        }
        String namespace = kind.namespaced()
                ? (meta.get("namespace") instanceof String ns ? ns : "default") : "";
        return ObjectKey.of(kind, namespace, name);
    }
}
