package dev.trellis.controlplane.store;

import java.util.Comparator;
import java.util.Objects;

/**
 * What the store keys an object by. Cluster-scoped kinds (Namespace) have an empty namespace.
 */
public record ObjectKey(Kind kind, String namespace, String name) implements Comparable<ObjectKey> {

    private static final Comparator<ObjectKey> ORDER = Comparator.comparing(ObjectKey::kind)
            .thenComparing(ObjectKey::namespace).thenComparing(ObjectKey::name);

    public ObjectKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static ObjectKey of(Kind kind, String namespace, String name) {
        return new ObjectKey(kind, namespace, name);
    }

    public static ObjectKey namespace(String name) {
        return new ObjectKey(Kind.NAMESPACE, "", name);
    }

    @Override
    public int compareTo(ObjectKey other) {
        return ORDER.compare(this, other);
    }

    /** {@code Service default/echo}, or {@code Namespace shop} for cluster-scoped kinds. */
    @Override
    public String toString() {
        return kind.kindName() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
