package dev.trellis.controlplane.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An object's metadata.
 *
 * @param name the object's name
 * @param namespace its namespace (empty for cluster-scoped kinds)
 * @param uid a unique id: the one written in the file, or one derived from kind, namespace and name so
 *     that it is the same on every load
 * @param labels labels, in key order
 * @param annotations annotations, in key order
 * @param resourceVersion the store revision at which this version was written (0 before it is stored)
 */
public record ObjectMeta(String name, String namespace, String uid, Map<String, String> labels,
        Map<String, String> annotations, long resourceVersion) {

    public ObjectMeta {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(uid, "uid");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public ObjectMeta withResourceVersion(long version) {
        return new ObjectMeta(name, namespace, uid, labels, annotations, version);
    }

    public String label(String key, String fallback) {
        return labels.getOrDefault(key, fallback);
    }
}
