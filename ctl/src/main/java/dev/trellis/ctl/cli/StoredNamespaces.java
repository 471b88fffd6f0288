package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.ctl.store.StoreClient;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A Namespace as the store holds it, ready to change a label and apply back. */
final class StoredNamespaces {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredNamespaces() {
    }

    /** The stored Namespace with only its name, labels and annotations, or a new one when there is none. */
    static ObjectNode editable(StoreClient store, String namespace) {
        ObjectNode ns = JSON.createObjectNode();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        ObjectNode meta = ns.putObject("metadata");
        meta.put("name", namespace);
        for (StoredObject o : store.list("Namespace", "")) {
            if (o.getObject().getName().equals(namespace)) {
                JsonNode stored = JSON.readTree(o.getJson());
                for (String keep : List.of("labels", "annotations")) {
                    if (stored.path("metadata").has(keep)) {
                        meta.set(keep, stored.path("metadata").path(keep).deepCopy());
                    }
                }
            }
        }
        return ns;
    }
}
