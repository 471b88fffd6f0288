package dev.trellis.controlplane.views;

import dev.trellis.api.discovery.v1.Resource;
import dev.trellis.api.discovery.v1.Route;
import dev.trellis.controlplane.discovery.ProxyId;
import dev.trellis.controlplane.discovery.ResourceView;
import dev.trellis.controlplane.store.RouteResource;
import dev.trellis.controlplane.translate.MeshModel;
import dev.trellis.controlplane.translate.NodeSnapshots;
import dev.trellis.controlplane.translate.TranslationConfig;
import dev.trellis.core.admin.Json;
import dev.trellis.core.discovery.ResourceCodec;
import dev.trellis.core.discovery.ResourceSet;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every proxy's resources at one store revision.
 *
 * <ul>
 *   <li>A node-agent: every workload and service, the authorization policies that can select its own
 *       workloads (see {@link NodeSnapshots}), the trust bundle.</li>
 *   <li>A waypoint: every workload and service (it balances over any backend a route names), the policies of
 *       the namespaces whose services it serves, the HTTPRoutes and GRPCRoutes whose parentRefs name one of
 *       those services, the trust bundle.</li>
 * </ul>
 */
public final class ProxyViews implements ResourceView {
    private final long storeRevision;
    private final MeshModel model;
    private final List<String> trustBundlePem;
    private final List<RouteResource> routes;
    private final TranslationConfig config;
    private final Supplier<List<Resource>> shared;
    private final Supplier<Map<String, List<Workload>>> workloadsByNode;
    private final EncodedResources encoded;
    private final Map<ProxyId, ResourceSet> memo = new ConcurrentHashMap<>();
    /** Node-agents whose policy selection is the same share one set (usually most of them). */
    private final Map<List<AuthorizationPolicy>, ResourceSet> byPolicies = new ConcurrentHashMap<>();

    public ProxyViews(long storeRevision, MeshModel model, List<String> trustBundlePem, List<RouteResource> routes,
            TranslationConfig config) {
        this(storeRevision, model, trustBundlePem, routes, config, EncodedResources.EMPTY);
    }

    /**
     * A view that reuses {@code previous}'s encoded resources where the model did not change, so that
     * unchanged resources are the very same objects in both views and deltas between them cost little.
     */
    public ProxyViews(long storeRevision, MeshModel model, List<String> trustBundlePem, List<RouteResource> routes,
            TranslationConfig config, EncodedResources previous) {
        this.storeRevision = storeRevision;
        this.model = model;
        this.trustBundlePem = List.copyOf(trustBundlePem);
        this.routes = List.copyOf(routes);
        this.config = config;
        this.encoded = previous.next(model);
        this.shared = memoize(this::encodeShared);
        this.workloadsByNode = memoize(() -> model.workloads().values().stream()
                .collect(Collectors.groupingBy(Workload::node)));
    }

    /** The encoded resources of this view, for the next one to reuse. */
    public EncodedResources encoded() {
        return encoded;
    }

    /** The store revision this view was made from. */
    public long storeRevision() {
        return storeRevision;
    }

    public MeshModel model() {
        return model;
    }

    /** The identities of the pods scheduled on {@code node}: what its node-agent may obtain certificates for. */
    public Set<SpiffeId> identitiesOn(String node) {
        return workloadsByNode.get().getOrDefault(node, List.of()).stream().map(Workload::identity)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public ResourceSet resourcesFor(ProxyId proxy) {
        return memo.computeIfAbsent(proxy, p -> switch (p) {
            case ProxyId.NodeAgent n -> nodeAgent(n.node());
            case ProxyId.Waypoint w -> waypoint(new WaypointRef(w.namespace(), w.name()));
        });
    }

    private ResourceSet nodeAgent(String node) {
        List<AuthorizationPolicy> selected = NodeSnapshots.policiesFor(model,
                workloadsByNode.get().getOrDefault(node, List.of()), config);
        return byPolicies.computeIfAbsent(selected, policies -> {
            List<Resource> resources = new ArrayList<>(shared.get());
            policies.forEach(p -> resources.add(ResourceCodec.encode(p)));
            return ResourceSet.of(resources);
        });
    }

    private ResourceSet waypoint(WaypointRef waypoint) {
        List<Service> served = model.servicesServedBy(waypoint);
        Set<String> namespaces = served.stream().map(s -> s.key().namespace()).collect(Collectors.toSet());
        Set<ServiceKey> servedKeys = new HashSet<>();
        served.forEach(s -> servedKeys.add(s.key()));
        List<Resource> resources = new ArrayList<>(shared.get());
        for (AuthorizationPolicy p : model.policies()) {
            if (namespaces.contains(p.namespace()) || p.namespace().equals(config.rootNamespace())) {
                resources.add(ResourceCodec.encode(p));
            }
        }
        for (RouteResource r : routes) {
            boolean attached = r.parentRefs().stream().anyMatch(ref -> ref.kind().equals("Service")
                    && servedKeys.contains(new ServiceKey(ref.namespace(), ref.name())));
            if (attached) {
                resources.add(Resource.newBuilder().setRoute(Route.newBuilder().setNamespace(r.meta().namespace())
                        .setName(r.meta().name()).setKind(r.kind().kindName()).setSpecJson(Json.write(r.spec())))
                        .build());
            }
        }
        return ResourceSet.of(resources);
    }

    /** Workloads, services and the trust bundle: the same for every proxy, encoded once. */
    private List<Resource> encodeShared() {
        List<Resource> out = new ArrayList<>(model.workloads().size() + model.services().size() + 1);
        out.addAll(encoded.all());
        out.add(ResourceCodec.encodeTrustBundle(trustBundlePem));
        return List.copyOf(out);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = supplier.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
