package dev.trellis.core.discovery;

import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.api.discovery.v1.Resource;
import dev.trellis.api.discovery.v1.ResourceName;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources a proxy holds, by name: immutable; {@link #apply} makes the next set from a response. Both
 * sides use it: the control plane to remember what each proxy ACKed and to compute deltas, the client to
 * apply them.
 */
public final class ResourceSet {
    public static final ResourceSet EMPTY = new ResourceSet(Map.of());

    private final Map<ResourceName, Resource> resources;
    /** Computed on first use: hashing 100,000 resources costs tens of milliseconds, and many streams ask. */
    private volatile String version;

    private ResourceSet(Map<ResourceName, Resource> resources) {
        this.resources = Map.copyOf(resources);
    }

    /** A set holding exactly {@code resources}; fails on two resources with one name. */
    public static ResourceSet of(List<Resource> resources) {
        Map<ResourceName, Resource> byName = new LinkedHashMap<>();
        for (Resource r : resources) {
            if (byName.put(ResourceCodec.nameOf(r), r) != null) {
                throw new InvalidResourceException("two resources named " + describe(ResourceCodec.nameOf(r)));
            }
        }
        return new ResourceSet(byName);
    }

    public Map<ResourceName, Resource> resources() {
        return resources;
    }

    /**
     * A content hash of the set: equal sets have equal versions, whatever the order they were built in. The
     * control plane sends it as the response version, so a proxy's ACKed version says what it serves.
     */
    public String version() {
        String v = version;
        if (v == null) {
            v = computeVersion();
            version = v;
        }
        return v;
    }

    private String computeVersion() {
        var digest = sha256();
        resources.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<ResourceName, Resource> e) -> e.getKey().getTypeValue())
                        .thenComparing(e -> e.getKey().getName()))
                .forEach(e -> {
                    digest.update(e.getKey().toByteArray());
                    digest.update(DIGESTS.of(e.getValue()));
                });
        return java.util.HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /**
     * Each resource's own SHA-256, remembered while the resource object lives: successive views share the
     * objects of unchanged resources, so a new version hashes only what changed (100,000 serializations per
     * change otherwise). Weak keys; a lookup of the same object matches by identity before any equals.
     */
    private static final ResourceDigests DIGESTS = new ResourceDigests();

    private static final class ResourceDigests {
        private final Map<Resource, byte[]> cache = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

        byte[] of(Resource r) {
            byte[] d = cache.get(r);
            if (d == null) {
                d = sha256().digest(deterministicBytes(r));
                cache.put(r, d);
            }
            return d;
        }
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static byte[] deterministicBytes(Resource r) {
        try {
            var out = new java.io.ByteArrayOutputStream(r.getSerializedSize());
            var coded = com.google.protobuf.CodedOutputStream.newInstance(out);
            coded.useDeterministicSerialization();
            r.writeTo(coded);
            coded.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The set after {@code response}: its resources replace ours when full, or are merged as a delta. */
    public ResourceSet apply(DiscoveryResponse response) {
        if (response.getFull()) {
            if (response.getRemovedCount() > 0) {
                throw new InvalidResourceException("a full response must not remove resources");
            }
            return of(response.getResourcesList());
        }
        Map<ResourceName, Resource> next = new HashMap<>(resources);
        for (ResourceName removed : response.getRemovedList()) {
            next.remove(removed);
        }
        for (Resource r : response.getResourcesList()) {
            next.put(ResourceCodec.nameOf(r), r);
        }
        return new ResourceSet(next);
    }

    /** What to send to turn {@code base} into this set: changed or new resources, and removed names. */
    public Delta deltaFrom(ResourceSet base) {
        List<Resource> changed = new ArrayList<>();
        for (var e : resources.entrySet()) {
            if (!e.getValue().equals(base.resources.get(e.getKey()))) {
                changed.add(e.getValue());
            }
        }
        List<ResourceName> removed = new ArrayList<>();
        for (ResourceName name : base.resources.keySet()) {
            if (!resources.containsKey(name)) {
                removed.add(name);
            }
        }
        return new Delta(changed, removed);
    }

    /**
     * Decodes the set into the model. Fails with {@link InvalidResourceException} naming the first bad
     * resource, and on a service endpoint or workload that is not valid.
     */
    public MeshSnapshot toSnapshot(String version) {
        Map<String, Workload> workloads = new HashMap<>();
        Map<ServiceKey, Service> services = new HashMap<>();
        List<AuthorizationPolicy> policies = new ArrayList<>();
        List<String> roots = List.of();
        for (Resource r : resources.values()) {
            switch (r.getKindCase()) {
                case WORKLOAD -> {
                    Workload w = ResourceCodec.decode(r.getWorkload());
                    workloads.put(w.uid(), w);
                }
                case SERVICE -> {
                    Service s = ResourceCodec.decode(r.getService());
                    services.put(s.key(), s);
                }
                case AUTHORIZATION -> policies.add(ResourceCodec.decode(r.getAuthorization()));
                case TRUST_BUNDLE -> roots = r.getTrustBundle().getRootsPemList();
                case ROUTE, KIND_NOT_SET -> {
                }
            }
        }
        policies.sort(java.util.Comparator.comparing(AuthorizationPolicy::namespace)
                .thenComparing(AuthorizationPolicy::name));
        return MeshSnapshot.of(version, workloads, services, policies, roots);
    }

    /** The routes held (waypoints compile them), ordered by namespace, name and kind. */
    public List<RouteSpec> routes() {
        return resources.values().stream().filter(Resource::hasRoute).map(Resource::getRoute)
                .map(r -> new RouteSpec(r.getNamespace(), r.getName(), r.getKind(), r.getSpecJson()))
                .sorted(java.util.Comparator.comparing(RouteSpec::namespace).thenComparing(RouteSpec::name)
                        .thenComparing(RouteSpec::kind))
                .toList();
    }

    static String describe(ResourceName name) {
        return name.getType() + " " + name.getName();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ResourceSet other && resources.equals(other.resources);
    }

    @Override
    public int hashCode() {
        return resources.hashCode();
    }

    /** Resources to send whole, and names to remove. */
    public record Delta(List<Resource> changed, List<ResourceName> removed) {
        public Delta {
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }
}
