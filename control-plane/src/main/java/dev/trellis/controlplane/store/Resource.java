package dev.trellis.controlplane.store;

/** One object of the store: a typed, immutable record of one of the {@link Kind}s. */
public sealed interface Resource permits NamespaceResource, PodResource, ServiceResource, ServiceAccountResource,
        GatewayResource, RouteResource, AuthorizationPolicyResource, TrafficPolicyResource {

    ObjectMeta meta();

    Kind kind();

    /** A copy with other metadata (the store stamps the resource version). */
    Resource withMeta(ObjectMeta meta);

    default ObjectKey key() {
        return new ObjectKey(kind(), meta().namespace(), meta().name());
    }
}
