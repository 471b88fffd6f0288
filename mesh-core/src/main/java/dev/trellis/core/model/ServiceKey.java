package dev.trellis.core.model;

import java.util.Objects;

/** A service's namespace and name: its identity within the cluster. */
public record ServiceKey(String namespace, String name) {

    public ServiceKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
