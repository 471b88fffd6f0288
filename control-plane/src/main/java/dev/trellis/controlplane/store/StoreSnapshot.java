package dev.trellis.controlplane.store;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The whole store at one revision: immutable, ordered by key, safe to read from any thread.
 *
 * @param revision the store revision (the resource version of the last change)
 * @param objects every object, by key, in key order
 */
public record StoreSnapshot(long revision, NavigableMap<ObjectKey, Resource> objects) {

    public static final StoreSnapshot EMPTY = new StoreSnapshot(0, new TreeMap<>());

    public StoreSnapshot {
        objects = Collections.unmodifiableNavigableMap(new TreeMap<>(objects));
    }

    /** Builds a snapshot from objects given in any order (tests and translators use it). */
    public static StoreSnapshot of(long revision, List<? extends Resource> resources) {
        TreeMap<ObjectKey, Resource> map = new TreeMap<>();
        for (Resource r : resources) {
            map.put(r.key(), r);
        }
        return new StoreSnapshot(revision, map);
    }

    public Optional<Resource> get(ObjectKey key) {
        return Optional.ofNullable(objects.get(key));
    }

    /** The object at {@code key} if it is a {@code type}. */
    public <T extends Resource> Optional<T> get(ObjectKey key, Class<T> type) {
        return get(key).filter(type::isInstance).map(type::cast);
    }

    /** Every object of {@code kind}, in key order. */
    public List<Resource> list(Kind kind) {
        return List.copyOf(ofKind(kind).values());
    }

    /** Every object of {@code kind} as {@code type}, in key order. */
    public <T extends Resource> List<T> list(Kind kind, Class<T> type) {
        return ofKind(kind).values().stream().map(type::cast).toList();
    }

    public List<NamespaceResource> namespaces() {
        return list(Kind.NAMESPACE, NamespaceResource.class);
    }

    public List<PodResource> pods() {
        return list(Kind.POD, PodResource.class);
    }

    public List<ServiceResource> services() {
        return list(Kind.SERVICE, ServiceResource.class);
    }

    public List<GatewayResource> gateways() {
        return list(Kind.GATEWAY, GatewayResource.class);
    }

    public List<RouteResource> routes() {
        return Stream.concat(list(Kind.HTTP_ROUTE, RouteResource.class).stream(),
                list(Kind.GRPC_ROUTE, RouteResource.class).stream()).toList();
    }

    public List<AuthorizationPolicyResource> authorizationPolicies() {
        return list(Kind.AUTHORIZATION_POLICY, AuthorizationPolicyResource.class);
    }

    public List<TrafficPolicyResource> trafficPolicies() {
        return list(Kind.TRAFFIC_POLICY, TrafficPolicyResource.class);
    }

    public Optional<NamespaceResource> namespace(String name) {
        return get(ObjectKey.namespace(name), NamespaceResource.class);
    }

    private Map<ObjectKey, Resource> ofKind(Kind kind) {
        ObjectKey from = new ObjectKey(kind, "", "");
        Kind[] kinds = Kind.values();
        if (kind.ordinal() == kinds.length - 1) {
            return objects.tailMap(from, true);
        }
        return objects.subMap(from, true, new ObjectKey(kinds[kind.ordinal() + 1], "", ""), false);
    }
}
