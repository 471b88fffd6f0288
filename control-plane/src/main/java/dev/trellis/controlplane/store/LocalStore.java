package dev.trellis.controlplane.store;

import dev.trellis.controlplane.store.PodResource.PodStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: objects keyed by kind/namespace/name, each stamped with the revision that wrote it.
 *
 * <p>Invariants: every mutating method is {@code synchronized} (one writer at a time) and is all-or-nothing:
 * it either publishes one new {@link StoreSnapshot} with revision + 1 or throws a {@link StoreException}
 * and leaves the store as it was. Readers call {@link #snapshot()}, which never locks. No two Services hold
 * the same VIP. A call that changes no object's content publishes nothing and notifies nobody.
 *
 * <p>Like the API server, the store owns status: an update of a Pod that carries no status keeps the
 * status the store holds (written by {@link #updatePodStatus}), an update of a Gateway or route keeps its
 * status, and a Service that names no VIP keeps the one it was given.
 *
 * <p>Listeners are called on the writer's thread, in revision order, while the store is locked: they must
 * hand the snapshot on (e.g. to an executor) rather than do slow work, and must not write to the store.
 */
public final class LocalStore {

    private static final Logger log = LoggerFactory.getLogger(LocalStore.class);

    private final VipRange vipRange;
    private final AtomicReference<StoreSnapshot> current = new AtomicReference<>(StoreSnapshot.EMPTY);
    private final List<Consumer<StoreSnapshot>> listeners = new CopyOnWriteArrayList<>();
    /** Every VIP this store allocated (or was told to prefer), by service; guarded by {@code this}. */
    private final Map<ObjectKey, InetAddress> allocatedVips = new TreeMap<>();

    public LocalStore(VipRange vipRange) {
        this.vipRange = vipRange;
    }

    /** A store allocating VIPs from {@link VipRange#DEFAULT}. */
    public static LocalStore withDefaults() {
        return new LocalStore(VipRange.of(VipRange.DEFAULT));
    }

    public StoreSnapshot snapshot() {
        return current.get();
    }

    public Optional<Resource> get(ObjectKey key) {
        return current.get().get(key);
    }

    public List<Resource> list(Kind kind) {
        return current.get().list(kind);
    }

    /**
     * VIPs to give these Services when they need one and the address is free and in range: the allocations
     * of an earlier run (see {@link #allocatedVips()}), so that VIPs survive a restart even where two
     * services' hashes collide and the load order differs.
     */
    public synchronized void preferVips(Map<ObjectKey, InetAddress> vips) {
        allocatedVips.putAll(vips);
    }

    /** Every VIP this store allocated or was told to prefer, by service key, in key order. */
    public synchronized Map<ObjectKey, InetAddress> allocatedVips() {
        return Collections.unmodifiableMap(new TreeMap<>(allocatedVips));
    }

    /**
     * Registers a listener and calls it at once with the current snapshot, then after every change.
     *
     * @return closing it unregisters the listener
     */
    public synchronized Subscription subscribe(Consumer<StoreSnapshot> listener) {
        listeners.add(listener);
        notify(listener, current.get());
        return () -> listeners.remove(listener);
    }

    /** Creates or updates {@code objects}, all or none. */
    public synchronized Change apply(List<? extends Resource> objects) {
        return replace(List.of(), objects);
    }

    /** Reads YAML text (see {@link YamlResourceReader}) and applies its objects, all or none. */
    public Change applyYaml(String text, String source) {
        return apply(YamlResourceReader.read(text, source));
    }

    /** Deletes the objects at {@code keys}; keys the store does not hold are ignored. */
    public synchronized Change delete(Collection<ObjectKey> keys) {
        return replace(keys, List.of());
    }

    /**
     * Deletes {@code deletes} and applies {@code upserts} as one change (a key in both is updated): how a
     * file that was edited replaces the objects it held.
     */
    public synchronized Change replace(Collection<ObjectKey> deletes, List<? extends Resource> upserts) {
        StoreSnapshot before = current.get();
        Map<ObjectKey, Resource> incoming = byKey(upserts);
        TreeMap<ObjectKey, Resource> next = new TreeMap<>(before.objects());
        List<ObjectKey> deleted = new ArrayList<>();
        for (ObjectKey key : new TreeSet<>(deletes)) {
            if (!incoming.containsKey(key) && next.remove(key) != null) {
                deleted.add(key);
            }
        }
        long revision = before.revision() + 1;
        List<ObjectKey> created = new ArrayList<>();
        List<ObjectKey> updated = new ArrayList<>();
        for (Resource object : incoming.values()) {
            Resource old = before.objects().get(object.key());
            Resource merged = keepStatus(object, old);
            if (old != null && sameContent(old, merged)) {
                continue;
            }
            next.put(object.key(), merged.withMeta(merged.meta().withResourceVersion(revision)));
            (old == null ? created : updated).add(object.key());
        }
        Map<ObjectKey, InetAddress> allocated = allocateVips(next);
        Change change = publish(new StoreSnapshot(revision, next), new Change(revision, created, updated, deleted));
        allocatedVips.putAll(allocated);
        return change;
    }

    /**
     * Records a pod's addresses and readiness, as the lab does after CNI ADD. A pod with addresses is
     * {@code Running}; one without is {@code Pending}.
     *
     * @throws NotFoundException when the store holds no such pod
     */
    public synchronized Change updatePodStatus(String namespace, String name, List<InetAddress> podIPs,
            boolean ready) {
        ObjectKey key = ObjectKey.of(Kind.POD, namespace, name);
        PodResource pod = current.get().get(key, PodResource.class).orElseThrow(() -> new NotFoundException(key));
        PodStatus status = new PodStatus(podIPs.isEmpty() ? "Pending" : "Running", podIPs, ready);
        return statusChange(pod, pod.withStatus(status));
    }

    /** {@link #updatePodStatus(String, String, List, boolean)} for a single-stack pod. */
    public Change updatePodStatus(String namespace, String name, InetAddress podIP, boolean ready) {
        return updatePodStatus(namespace, name, List.of(podIP), ready);
    }

    /**
     * Sets the status conditions of a Gateway (Accepted, Programmed...).
     *
     * @throws NotFoundException when the store holds no such Gateway
     */
    public synchronized Change updateGatewayConditions(ObjectKey key, List<Condition> conditions) {
        GatewayResource gateway = current.get().get(key, GatewayResource.class)
                .orElseThrow(() -> new NotFoundException(key));
        return statusChange(gateway, gateway.withConditions(conditions));
    }

    /**
     * Sets the per-parent status of an HTTPRoute or GRPCRoute (Accepted, ResolvedRefs for each parent).
     *
     * @throws NotFoundException when the store holds no such route
     */
    public synchronized Change updateRouteStatus(ObjectKey key, List<RouteResource.ParentStatus> statuses) {
        RouteResource route = current.get().get(key, RouteResource.class)
                .orElseThrow(() -> new NotFoundException(key));
        return statusChange(route, route.withParentStatuses(statuses));
    }

    private Change statusChange(Resource old, Resource changed) {
        StoreSnapshot before = current.get();
        if (sameContent(old, changed)) {
            return new Change(before.revision(), List.of(), List.of(), List.of());
        }
        long revision = before.revision() + 1;
        TreeMap<ObjectKey, Resource> next = new TreeMap<>(before.objects());
        next.put(old.key(), changed.withMeta(changed.meta().withResourceVersion(revision)));
        return publish(new StoreSnapshot(revision, next), new Change(revision, List.of(), List.of(old.key()),
                List.of()));
    }

    private Change publish(StoreSnapshot next, Change change) {
        if (change.isEmpty()) {
            return new Change(current.get().revision(), List.of(), List.of(), List.of());
        }
        current.set(next);
        for (Consumer<StoreSnapshot> listener : listeners) {
            notify(listener, next);
        }
        return change;
    }

    private static void notify(Consumer<StoreSnapshot> listener, StoreSnapshot snapshot) {
        try {
            listener.accept(snapshot);
        } catch (RuntimeException e) {
            log.error("store listener {} failed at revision {}", listener, snapshot.revision(), e);
        }
    }

    private static Map<ObjectKey, Resource> byKey(List<? extends Resource> upserts) {
        Map<ObjectKey, Resource> byKey = new TreeMap<>();
        for (Resource r : upserts) {
            if (byKey.put(r.key(), r) != null) {
                throw new ConflictException(r.key() + ": given twice in one change (expected: once)");
            }
        }
        return byKey;
    }

    /**
     * The store owns status and allocated VIPs: an incoming object without status keeps the one held, and a
     * Service that names no VIP keeps the one it was given.
     */
    private static Resource keepStatus(Resource incoming, Resource old) {
        return switch (incoming) {
            case ServiceResource s when old instanceof ServiceResource o && s.needsVip() && !o.headless() ->
                    s.withClusterIPs(o.clusterIPs());
            case PodResource p when old instanceof PodResource o && p.status().equals(PodStatus.PENDING) ->
                    p.withStatus(o.status());
            case GatewayResource g when old instanceof GatewayResource o && g.conditions().isEmpty() ->
                    g.withConditions(o.conditions());
            case RouteResource r when old instanceof RouteResource o && r.parentStatuses().isEmpty() ->
                    r.withParentStatuses(o.parentStatuses());
            default -> incoming;
        };
    }

    private static boolean sameContent(Resource a, Resource b) {
        return a.withMeta(a.meta().withResourceVersion(0)).equals(b.withMeta(b.meta().withResourceVersion(0)));
    }

    /**
     * Checks that no two Services share a VIP, then gives every new Service that needs one a VIP: the one
     * it was given before if free, else one from the range. Runs over {@code next} in key order, so the same
     * objects get the same VIPs. Returns the new allocations, which the caller records once published.
     */
    private Map<ObjectKey, InetAddress> allocateVips(TreeMap<ObjectKey, Resource> next) {
        Map<InetAddress, ObjectKey> holders = new HashMap<>();
        List<ServiceResource> needing = new ArrayList<>();
        for (Resource r : next.values()) {
            if (!(r instanceof ServiceResource s)) {
                continue;
            }
            if (s.needsVip()) {
                needing.add(s);
                continue;
            }
            for (InetAddress ip : s.clusterIPs()) {
                ObjectKey other = holders.putIfAbsent(ip, s.key());
                if (other != null) {
                    throw new ConflictException(s.key() + ": spec.clusterIP: " + ip.getHostAddress()
                            + " (expected: an address no other Service holds; " + other + " holds it)");
                }
            }
        }
        Map<ObjectKey, InetAddress> allocated = new TreeMap<>();
        for (ServiceResource s : needing) {
            InetAddress preferred = allocatedVips.get(s.key());
            InetAddress vip = preferred != null && vipRange.cidr().contains(preferred)
                    && !holders.containsKey(preferred) && !allocated.containsValue(preferred)
                    ? preferred
                    : fresh(s, holders.keySet());
            holders.put(vip, s.key());
            allocated.put(s.key(), vip);
            next.put(s.key(), s.withClusterIPs(List.of(vip)));
        }
        return allocated;
    }

    /**
     * A VIP from the range for {@code s}, avoiding the VIPs remembered for other services (so that a new
     * service does not take the address an existing one will ask for when its file is loaded) unless the
     * range has no other free address.
     */
    private InetAddress fresh(ServiceResource s, Set<InetAddress> taken) {
        Set<InetAddress> reserved = new HashSet<>(taken);
        allocatedVips.forEach((key, vip) -> {
            if (!key.equals(s.key())) {
                reserved.add(vip);
            }
        });
        try {
            return vipRange.allocate(s.meta().namespace(), s.meta().name(), reserved);
        } catch (ConflictException rangeFullOfReservations) {
            return vipRange.allocate(s.meta().namespace(), s.meta().name(), taken);
        }
    }

    /** A listener registration; closing it stops the calls. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

}
