package dev.trellis.core.discovery;

import dev.trellis.api.discovery.v1.Ack;
import dev.trellis.api.discovery.v1.DiscoveryRequest;
import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.api.discovery.v1.DiscoveryServiceGrpc;
import dev.trellis.api.discovery.v1.Nack;
import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.retry.Backoff;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the control plane and keeps the proxy's view of the mesh current (sequence in
 * discovery.proto). Every response is applied to a copy of the last good {@link ResourceSet}, decoded and
 * offered to the {@link Listener}; only if all of that succeeds does the copy become the last good state and
 * the response get ACKed. Otherwise it is NACKed with the reason and the proxy keeps serving what it had.
 * A broken stream is reopened after a backoff; the last good state keeps serving meanwhile.
 */
public final class DiscoveryClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryClient.class);

    /** Takes each new state; throwing refuses it (the response is NACKed with the exception's message). */
    @FunctionalInterface
    public interface Listener {
        void accept(DiscoveredState state) throws Exception;
    }

    private final DiscoveryServiceGrpc.DiscoveryServiceStub stub;
    private final Subscribe subscription;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final DiscoveryMetrics metrics;
    private final AtomicReference<ResourceSet> lastGood = new AtomicReference<>(ResourceSet.EMPTY);
    private final AtomicReference<Optional<DiscoveredState>> lastState = new AtomicReference<>(Optional.empty());
    private final AtomicReference<ClientCallStreamObserver<DiscoveryRequest>> call = new AtomicReference<>();
    private volatile boolean closed;
    private volatile boolean connected;
    private int failures;

    public DiscoveryClient(Channel channel, Subscribe subscription, Listener listener,
            ScheduledExecutorService scheduler, Backoff backoff, DiscoveryMetrics metrics) {
        this.stub = DiscoveryServiceGrpc.newStub(channel);
        this.subscription = subscription;
        this.listener = listener;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** Opens the stream; returns at once. */
    public void start() {
        open();
    }

    /** The last state the proxy accepted, if any yet. */
    public Optional<DiscoveredState> state() {
        return lastState.get();
    }

    /** Whether the stream is open and has delivered at least one response since it opened. */
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        closed = true;
        ClientCallStreamObserver<DiscoveryRequest> c = call.get();
        if (c != null) {
            c.cancel("discovery client closed", null);
        }
    }

    private void open() {
        if (closed) {
            return;
        }
        // Subscribing inside beforeStart is not allowed (the call has not started); the returned observer is
        // the started call's request side.
        stub.stream(new ResponseObserver()).onNext(DiscoveryRequest.newBuilder().setSubscribe(subscription).build());
    }

    private void reconnectLater(String why) {
        connected = false;
        metrics.connected(false);
        if (closed) {
            return;
        }
        failures++;
        var delay = backoff.delay(failures);
        log.warn("discovery stream ended ({}); serving last good version '{}'; reconnecting in {} ms",
                why, lastState.get().map(DiscoveredState::version).orElse(""), delay.toMillis());
        scheduler.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(DiscoveryResponse response, ClientCallStreamObserver<DiscoveryRequest> requests) {
        if (!connected) {
            connected = true;
            failures = 0;
            metrics.connected(true);
        }
        try {
            ResourceSet next = lastGood.get().apply(response);
            MeshSnapshot snapshot = next.toSnapshot(response.getVersion());
            DiscoveredState state = new DiscoveredState(response.getVersion(), snapshot, next.routes());
            listener.accept(state);
            lastGood.set(next);
            lastState.set(Optional.of(state));
            requests.onNext(DiscoveryRequest.newBuilder().setAck(Ack.newBuilder()
                    .setNonce(response.getNonce()).setVersion(response.getVersion())).build());
            metrics.accepted();
            log.debug("discovery: applied version {} ({} resources{})", response.getVersion(),
                    response.getResourcesCount(), response.getFull() ? ", full" : "");
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            requests.onNext(DiscoveryRequest.newBuilder().setNack(Nack.newBuilder()
                    .setNonce(response.getNonce()).setError(reason)).build());
            metrics.refused();
            log.error("discovery: refused version {}: {}; still serving '{}'", response.getVersion(), reason,
                    lastState.get().map(DiscoveredState::version).orElse(""));
        }
    }

    /** One stream: subscribes when it opens, applies responses, reconnects when it ends. */
    private final class ResponseObserver implements ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> {
        private ClientCallStreamObserver<DiscoveryRequest> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> requestStream) {
            this.requests = requestStream;
            call.set(requestStream);
        }

        @Override
        public void onNext(DiscoveryResponse response) {
            handle(response, requests);
        }

        @Override
        public void onError(Throwable t) {
            Throwable cause = io.grpc.Status.fromThrowable(t).getCause();
            reconnectLater((t.getMessage() == null ? t.toString() : t.getMessage())
                    + (cause == null ? "" : "; caused by " + cause));
            if (cause != null) {
                log.debug("discovery stream failure", cause);
            }
        }

        @Override
        public void onCompleted() {
            requests.onCompleted();
            reconnectLater("closed by the control plane");
        }
    }
}
