package dev.trellis.controlplane.store;

import java.util.Objects;

/** A {@code v1 ServiceAccount}: a name that pods run as and identities are made of. */
public record ServiceAccountResource(ObjectMeta meta) implements Resource {

    public ServiceAccountResource {
        Objects.requireNonNull(meta, "meta");
    }

    @Override
    public Kind kind() {
        return Kind.SERVICE_ACCOUNT;
    }

    @Override
    public ServiceAccountResource withMeta(ObjectMeta meta) {
        return new ServiceAccountResource(meta);
    }
}
