package dev.trellis.controlplane.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads {@code metadata}: name and namespace by the kind's rules, uid, labels and annotations. */
final class MetadataDecoder {

    static final String DEFAULT_NAMESPACE = "default";

    private MetadataDecoder() {
    }

    static ObjectMeta decode(Kind kind, FieldReader root) {
        FieldReader meta = root.object("metadata")
                .orElseThrow(() -> new FieldException("metadata", "missing (expected: a mapping with a name)"));
        String name = meta.requiredString("name", "the object's name");
        if (kind == Kind.NAMESPACE || kind == Kind.SERVICE) {
            Names.dnsLabel(name, meta.path("name"));
        } else {
            Names.dnsSubdomain(name, meta.path("name"));
        }
        String namespace = namespace(kind, meta);
        String uid = meta.string("uid").orElseGet(() -> derivedUid(kind, namespace, name));
        Map<String, String> labels = Names.labels(meta.stringMap("labels"), meta.path("labels"), true);
        Map<String, String> annotations =
                Names.labels(meta.stringMap("annotations"), meta.path("annotations"), false);
        meta.done();
        return new ObjectMeta(name, namespace, uid, labels, annotations, 0);
    }

    /** {@code Service default/echo} for error messages, from whatever the document holds, before validation. */
    static String describe(Kind kind, Object document) {
        if (!(document instanceof Map<?, ?> doc) || !(doc.get("metadata") instanceof Map<?, ?> meta)) {
            return kind.kindName() + " <unnamed>";
        }
        String name = meta.get("name") instanceof String s ? s : "<unnamed>";
        if (!kind.namespaced()) {
            return kind.kindName() + " " + name;
        }
        String namespace = meta.get("namespace") instanceof String s ? s : DEFAULT_NAMESPACE;
        return kind.kindName() + " " + namespace + "/" + name;
    }

    private static String namespace(Kind kind, FieldReader meta) {
        Optional<String> written = meta.string("namespace");
        if (!kind.namespaced()) {
            if (written.isPresent() && !written.get().isEmpty()) {
                throw FieldException.unexpected(meta.path("namespace"), written.get(),
                        "none: " + kind.kindName() + " is cluster-scoped");
            }
            return "";
        }
        return Names.dnsLabel(written.orElse(DEFAULT_NAMESPACE), meta.path("namespace"));
    }

    /** The same uid on every load of the same object, so workload ids survive a restart. */
    private static String derivedUid(Kind kind, String namespace, String name) {
        String seed = kind.kindName() + "/" + namespace + "/" + name;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
