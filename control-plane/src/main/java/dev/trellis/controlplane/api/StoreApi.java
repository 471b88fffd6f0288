package dev.trellis.controlplane.api;

import dev.trellis.api.store.v1.ApplyRequest;
import dev.trellis.api.store.v1.ApplyResponse;
import dev.trellis.api.store.v1.AwaitProxiesRequest;
import dev.trellis.api.store.v1.AwaitProxiesResponse;
import dev.trellis.api.store.v1.DeleteRequest;
import dev.trellis.api.store.v1.DeleteResponse;
import dev.trellis.api.store.v1.ListRequest;
import dev.trellis.api.store.v1.ListResponse;
import dev.trellis.api.store.v1.ObjectOutcome;
import dev.trellis.api.store.v1.ObjectRef;
import dev.trellis.api.store.v1.ProxyBehind;
import dev.trellis.api.store.v1.ProxySync;
import dev.trellis.api.store.v1.SetPodStatusRequest;
import dev.trellis.api.store.v1.SetPodStatusResponse;
import dev.trellis.api.store.v1.StoreServiceGrpc;
import dev.trellis.api.store.v1.StoredObject;
import dev.trellis.controlplane.discovery.ConnectedProxies;
import dev.trellis.controlplane.discovery.ProxyStatus;
import dev.trellis.controlplane.server.BearerAuthentication;
import dev.trellis.controlplane.store.Change;
import dev.trellis.controlplane.store.Kind;
import dev.trellis.controlplane.store.LocalStore;
import dev.trellis.controlplane.store.NotFoundException;
import dev.trellis.controlplane.store.ObjectKey;
import dev.trellis.controlplane.store.Resource;
import dev.trellis.controlplane.store.RouteResource;
import dev.trellis.controlplane.store.StoreException;
import dev.trellis.controlplane.store.YamlResourceReader;
import dev.trellis.controlplane.views.ProxyViews;
import dev.trellis.core.admin.Json;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The store API. Only callers authenticated with an admin token ({@code admin/<name>}) may use it. Apply is
 * all-or-nothing per request; every refusal is INVALID_ARGUMENT with the store's message (it names the
 * object and field).
 */
public final class StoreApi extends StoreServiceGrpc.StoreServiceImplBase {
    public static final String ADMIN_PREFIX = "admin/";

    private final LocalStore store;
    private final Supplier<ProxyViews> published;
    private final ConnectedProxies proxies;
    private final StoreJournal journal;

    /**
     * @param published the view proxies are being sent now (revision tells which store state it reflects)
     * @param journal where accepted changes are recorded, to be replayed after a restart
     */
    public StoreApi(LocalStore store, Supplier<ProxyViews> published, ConnectedProxies proxies, StoreJournal journal) {
        this.store = store;
        this.published = published;
        this.proxies = proxies;
        this.journal = journal;
    }

    /** Replays the journal into the store (at start, before serving). */
    public void replay() {
        journal.replay(new StoreJournal.Target() {
            @Override
            public void apply(String yaml, String source) {
                store.apply(YamlResourceReader.read(yaml, source));
            }

            @Override
            public void delete(String yaml, String source) {
                store.delete(ObjectRefs.read(yaml, source));
            }

            @Override
            public void podStatus(String namespace, String name, boolean ready, List<String> ips) {
                store.updatePodStatus(namespace, name, ips.stream().map(InetAddress::ofLiteral).toList(), ready);
            }
        });
    }

    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyResponse> out) {
        if (!admin(out)) {
            return;
        }
        try {
            List<Resource> objects = YamlResourceReader.read(request.getYaml(), request.getSource());
            for (Resource o : objects) {
                if (o instanceof RouteResource route) {
                    compile(route, request.getSource());
                }
            }
            Change change = store.apply(objects);
            journal.applied(request.getSource(), request.getYaml());
            ApplyResponse.Builder r = ApplyResponse.newBuilder();
            for (Resource o : objects) {
                ObjectOutcome.Outcome outcome = change.created().contains(o.key()) ? ObjectOutcome.Outcome.CREATED
                        : change.updated().contains(o.key()) ? ObjectOutcome.Outcome.CONFIGURED
                        : ObjectOutcome.Outcome.UNCHANGED;
                r.addObjects(ObjectOutcome.newBuilder().setObject(ref(o.key())).setOutcome(outcome));
            }
            out.onNext(r.build());
            out.onCompleted();
        } catch (StoreException | IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
        if (!admin(out)) {
            return;
        }
        try {
            List<ObjectKey> keys = ObjectRefs.read(request.getYaml(), request.getSource());
            Change change = store.delete(keys);
            journal.deleted(request.getSource(), request.getYaml());
            DeleteResponse.Builder r = DeleteResponse.newBuilder();
            for (ObjectKey k : keys) {
                r.addObjects(ObjectOutcome.newBuilder().setObject(ref(k)).setOutcome(change.deleted().contains(k)
                        ? ObjectOutcome.Outcome.DELETED : ObjectOutcome.Outcome.NOT_FOUND));
            }
            out.onNext(r.build());
            out.onCompleted();
        } catch (StoreException | IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> out) {
        if (!admin(out)) {
            return;
        }
        Kind kind = Kind.byName(request.getKind()).orElse(null);
        if (kind == null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("kind: '" + request.getKind()
                    + "' is not a kind the store holds").asRuntimeException());
            return;
        }
        ListResponse.Builder r = ListResponse.newBuilder();
        for (Resource o : store.list(kind)) {
            if (request.getNamespace().isEmpty() || request.getNamespace().equals(o.meta().namespace())) {
                r.addObjects(StoredObject.newBuilder().setObject(ref(o.key()))
                        .setJson(Json.write(ResourceJson.tree(o)))
                        .setResourceVersion(Long.toString(o.meta().resourceVersion())));
            }
        }
        out.onNext(r.build());
        out.onCompleted();
    }

    @Override
    public void setPodStatus(SetPodStatusRequest request, StreamObserver<SetPodStatusResponse> out) {
        if (!admin(out)) {
            return;
        }
        try {
            List<InetAddress> ips = new ArrayList<>();
            for (String ip : request.getPodIpsList()) {
                ips.add(InetAddress.ofLiteral(ip));
            }
            store.updatePodStatus(request.getNamespace(), request.getName(), ips, request.getReady());
            journal.podStatus(request.getNamespace(), request.getName(), request.getReady(), request.getPodIpsList());
            out.onNext(SetPodStatusResponse.getDefaultInstance());
            out.onCompleted();
        } catch (NotFoundException e) {
            out.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("pod_ips: " + e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void awaitProxies(AwaitProxiesRequest request, StreamObserver<AwaitProxiesResponse> out) {
        if (!admin(out)) {
            return;
        }
        long deadline = System.nanoTime() + request.getTimeoutMillis() * 1_000_000;
        long revision = store.snapshot().revision();
        try {
            while (published.get().storeRevision() < revision && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ProxyViews view = published.get();
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            List<ProxyStatus> behind = proxies.awaitVersions(p -> view.resourcesFor(p).version(), left);
            AwaitProxiesResponse.Builder r = AwaitProxiesResponse.newBuilder().setConnected(proxies.list().size());
            for (ProxyStatus s : behind) {
                r.addBehind(ProxyBehind.newBuilder().setProxy(s.proxy().toString()).setAckedVersion(s.ackedVersion())
                        .setExpectedVersion(view.resourcesFor(s.proxy()).version())
                        .setLastError(s.lastNack().orElse("")));
            }
            for (ProxyStatus s : proxies.list()) {
                r.addProxies(ProxySync.newBuilder().setProxy(s.proxy().toString()).setInstance(s.instance())
                        .setAckedVersion(s.ackedVersion()).setExpectedVersion(view.resourcesFor(s.proxy()).version())
                        .setLastError(s.lastNack().orElse("")).setConnectedAtMillis(s.connectedAt().toEpochMilli()));
            }
            out.onNext(r.build());
            out.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
        }
    }

    /**
     * Compiles a route as its waypoints will, so a route they would refuse is refused here, on the way in,
     * with the field that is wrong (and never reaches a waypoint half-valid).
     */
    private static void compile(RouteResource route, String source) {
        java.util.Map<String, Object> tree = new java.util.LinkedHashMap<>();
        tree.put("apiVersion", route.kind().apiVersion());
        tree.put("kind", route.kind().kindName());
        tree.put("metadata", java.util.Map.of("namespace", route.meta().namespace(), "name", route.meta().name()));
        tree.put("spec", route.spec());
        try {
            new dev.trellis.core.model.route.compile.RouteCompiler().compile(tree);
        } catch (dev.trellis.core.model.route.compile.RouteValidationException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    private static boolean admin(StreamObserver<?> out) {
        String caller = BearerAuthentication.CALLER.get();
        if (caller == null || !caller.startsWith(ADMIN_PREFIX)) {
            out.onError(Status.PERMISSION_DENIED.withDescription("the store API needs an admin token (caller: "
                    + caller + ")").asRuntimeException());
            return false;
        }
        return true;
    }

    private static ObjectRef ref(ObjectKey key) {
        return ObjectRef.newBuilder().setKind(key.kind().kindName()).setNamespace(key.namespace())
                .setName(key.name()).build();
    }
}
