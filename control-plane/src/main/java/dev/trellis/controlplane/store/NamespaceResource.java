package dev.trellis.controlplane.store;

import java.util.Objects;

/** A {@code v1 Namespace}: only its metadata matters (the opt-in and waypoint labels). */
public record NamespaceResource(ObjectMeta meta) implements Resource {

    public NamespaceResource {
        Objects.requireNonNull(meta, "meta");
    }

    @Override
    public Kind kind() {
        return Kind.NAMESPACE;
    }

    @Override
    public NamespaceResource withMeta(ObjectMeta meta) {
        return new NamespaceResource(meta);
    }
}
