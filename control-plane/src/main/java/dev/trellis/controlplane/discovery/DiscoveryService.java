package dev.trellis.controlplane.discovery;

import dev.trellis.api.discovery.v1.DiscoveryRequest;
import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.api.discovery.v1.DiscoveryServiceGrpc;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gRPC discovery service. {@link #publish} hands it a new {@link ResourceView} (after every store change);
 * each connected proxy then gets what changed for it.
 */
public final class DiscoveryService extends DiscoveryServiceGrpc.DiscoveryServiceImplBase {
    private final AtomicReference<ResourceView> view = new AtomicReference<>(ResourceView.EMPTY);
    private final AtomicLong nonces = new AtomicLong();
    private final ConnectedProxies proxies = new ConnectedProxies();
    private final DeltaCache deltas = new DeltaCache();
    private final DiscoveryServerMetrics metrics;
    private final Clock clock;

    private final SubscriberCheck subscribers;

    /**
     * Decides whether the authenticated caller may subscribe as a proxy: empty to allow, else why not.
     * The caller is what authentication put in the call's context (null when there is none).
     */
    @FunctionalInterface
    public interface SubscriberCheck {
        /** Lets anyone subscribe as anything: for tests that run without authentication. */
        SubscriberCheck ANYONE = (caller, proxy) -> java.util.Optional.empty();

        java.util.Optional<String> refusal(String caller, ProxyId proxy);
    }

    public DiscoveryService(PrometheusRegistry registry, Clock clock) {
        this(registry, clock, SubscriberCheck.ANYONE);
    }

    public DiscoveryService(PrometheusRegistry registry, Clock clock, SubscriberCheck subscribers) {
        this.metrics = new DiscoveryServerMetrics(registry, proxies);
        this.clock = clock;
        this.subscribers = subscribers;
    }

    SubscriberCheck subscribers() {
        return subscribers;
    }

    @Override
    public StreamObserver<DiscoveryRequest> stream(StreamObserver<DiscoveryResponse> responses) {
        return new ProxyStream(responses, this, clock);
    }

    /** Makes {@code next} what proxies should have, and pushes the differences to every connected proxy. */
    public void publish(ResourceView next) {
        view.set(next);
        deltas.clear();
        proxies.streams().forEach(ProxyStream::push);
    }

    /** Who is connected and what each serves. */
    public ConnectedProxies proxies() {
        return proxies;
    }

    ResourceView view() {
        return view.get();
    }

    DeltaCache deltas() {
        return deltas;
    }

    String nextNonce() {
        return Long.toString(nonces.incrementAndGet());
    }

    DiscoveryServerMetrics metrics() {
        return metrics;
    }
}
