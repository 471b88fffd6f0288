package dev.trellis.controlplane.discovery;

import dev.trellis.api.discovery.v1.DiscoveryRequest;
import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.core.discovery.ResourceSet;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy's discovery stream (sequence in discovery.proto): the first response is full, later ones are
 * deltas against the set the proxy last ACKed; at most one response is in flight; a NACKed set is not sent
 * again (it would be refused again) until the state changes. All methods are synchronized: gRPC calls
 * {@link #onNext} on its executor while {@link #push} comes from whoever publishes a new view.
 */
final class ProxyStream implements StreamObserver<DiscoveryRequest> {
    private static final Logger log = LoggerFactory.getLogger(ProxyStream.class);

    private final StreamObserver<DiscoveryResponse> responses;
    private final DiscoveryService service;
    private final Clock clock;
    private ProxyId proxy;
    private ProxyStatus status;
    private boolean sentFirst;
    private boolean ended;
    private ResourceSet acked = ResourceSet.EMPTY;
    private Optional<ResourceSet> refused = Optional.empty();
    private Optional<InFlight> inFlight = Optional.empty();

    ProxyStream(StreamObserver<DiscoveryResponse> responses, DiscoveryService service, Clock clock) {
        this.responses = responses;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public synchronized void onNext(DiscoveryRequest request) {
        if (ended) {
            return;
        }
        switch (request.getKindCase()) {
            case SUBSCRIBE -> subscribe(request);
            case ACK -> acknowledged(request.getAck().getNonce(), request.getAck().getVersion());
            case NACK -> refused(request.getNack().getNonce(), request.getNack().getError());
            case KIND_NOT_SET -> fail(Status.INVALID_ARGUMENT.withDescription("request: no kind set"));
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        end();
    }

    @Override
    public synchronized void onCompleted() {
        if (!ended) {
            responses.onCompleted();
        }
        end();
    }

    /** Sends what changed, unless a response is in flight or nothing did. */
    synchronized void push() {
        if (proxy == null || ended || inFlight.isPresent()) {
            return;
        }
        ResourceSet target = service.view().resourcesFor(proxy);
        if (sentFirst && (same(target, acked) || refused.map(r -> same(target, r)).orElse(false))) {
            return;
        }
        DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
                .setVersion(target.version()).setNonce(service.nextNonce());
        if (sentFirst) {
            ResourceSet.Delta delta = service.deltas().between(acked, target);
            response.setFull(false).addAllResources(delta.changed()).addAllRemoved(delta.removed());
        } else {
            response.setFull(true).addAllResources(target.resources().values());
        }
        sentFirst = true;
        inFlight = Optional.of(new InFlight(response.getNonce(), target));
        service.metrics().pushed(response.getFull());
        responses.onNext(response.build());
    }

    /** By identity first (proxies share sets), then by content hash (cheap once computed). */
    private static boolean same(ResourceSet a, ResourceSet b) {
        return a == b || a.version().equals(b.version());
    }

    private void subscribe(DiscoveryRequest request) {
        if (proxy != null) {
            fail(Status.FAILED_PRECONDITION.withDescription("subscribe: already subscribed as " + proxy));
            return;
        }
        ProxyId asked;
        try {
            asked = ProxyId.of(request.getSubscribe());
        } catch (IllegalArgumentException e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            return;
        }
        var refusal = service.subscribers().refusal(dev.trellis.controlplane.server.BearerAuthentication.CALLER.get(),
                asked);
        if (refusal.isPresent()) {
            fail(Status.PERMISSION_DENIED.withDescription(refusal.get()));
            return;
        }
        proxy = asked;
        status = new ProxyStatus(proxy, request.getSubscribe().getInstance(), clock.instant(), "", Optional.empty());
        service.proxies().connected(this, status);
        log.info("discovery: {} ({}) subscribed", proxy, status.instance());
        push();
    }

    private void acknowledged(String nonce, String version) {
        Optional<InFlight> current = answered(nonce);
        if (current.isEmpty()) {
            return;
        }
        acked = current.get().set();
        refused = Optional.empty();
        status = new ProxyStatus(proxy, status.instance(), status.connectedAt(), version, Optional.empty());
        service.proxies().updated(this, status);
        push();
    }

    private void refused(String nonce, String error) {
        Optional<InFlight> current = answered(nonce);
        if (current.isEmpty()) {
            return;
        }
        refused = Optional.of(current.get().set());
        status = new ProxyStatus(proxy, status.instance(), status.connectedAt(), status.ackedVersion(),
                Optional.of(error));
        service.proxies().updated(this, status);
        service.metrics().refused();
        log.warn("discovery: {} refused version {}: {} (it keeps serving {})", proxy,
                current.get().set().version(), error, status.ackedVersion());
        push();
    }

    /** The in-flight response this answer is for; an answer with a stale or unknown nonce is ignored. */
    private Optional<InFlight> answered(String nonce) {
        if (proxy == null) {
            fail(Status.FAILED_PRECONDITION.withDescription("ack/nack before subscribe"));
            return Optional.empty();
        }
        Optional<InFlight> current = inFlight.filter(f -> f.nonce().equals(nonce));
        if (current.isEmpty()) {
            log.debug("discovery: {} answered unknown nonce {}", proxy, nonce);
            return Optional.empty();
        }
        inFlight = Optional.empty();
        return current;
    }

    private void fail(Status status) {
        log.warn("discovery: closing stream of {}: {}", proxy == null ? "an unsubscribed proxy" : proxy,
                status.getDescription());
        responses.onError(status.asRuntimeException());
        end();
    }

    private void end() {
        if (!ended) {
            ended = true;
            service.proxies().disconnected(this);
            if (proxy != null) {
                log.info("discovery: {} disconnected", proxy);
            }
        }
    }

    private record InFlight(String nonce, ResourceSet set) {
    }
}
