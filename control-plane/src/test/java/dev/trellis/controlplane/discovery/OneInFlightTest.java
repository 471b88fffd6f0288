package dev.trellis.controlplane.discovery;

import static dev.trellis.controlplane.discovery.Resources.set;
import static dev.trellis.controlplane.discovery.Resources.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.api.discovery.v1.Ack;
import dev.trellis.api.discovery.v1.DiscoveryRequest;
import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.api.discovery.v1.DiscoveryServiceGrpc;
import dev.trellis.api.discovery.v1.ResourceName;
import dev.trellis.api.discovery.v1.ResourceType;
import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.core.discovery.ResourceSet;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flow rules of discovery.proto seen from a hand-driven proxy: at most one response in flight, changes
 * coalesced into a delta against the ACKed set, a bad subscription refused.
 */
class OneInFlightTest {
    private final DiscoveryService service = new DiscoveryService(new PrometheusRegistry(), Clock.systemUTC());
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private StreamObserver<DiscoveryRequest> open() {
        return DiscoveryServiceGrpc.newStub(channel).stream(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse r) {
                received.add(r);
            }

            @Override
            public void onError(Throwable t) {
                received.add(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    @Test
    void changesWaitForTheAckAndArriveAsOneDeltaAgainstTheAckedSet() throws Exception {
        ResourceSet first = set(workload("a", "198.18.0.10"), workload("b", "198.18.0.11"));
        service.publish(p -> first);
        StreamObserver<DiscoveryRequest> requests = open();
        requests.onNext(DiscoveryRequest.newBuilder().setSubscribe(Subscribe.newBuilder().setNodeName("node-1")).build());
        DiscoveryResponse full = (DiscoveryResponse) received.poll(10, TimeUnit.SECONDS);
        assertThat(full.getFull()).isTrue();
        assertThat(full.getResourcesCount()).isEqualTo(2);

        service.publish(p -> set(workload("a", "198.18.0.10"), workload("b", "198.18.0.21")));
        ResourceSet third = set(workload("a", "198.18.0.10"), workload("c", "198.18.0.12"));
        service.publish(p -> third);
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("nothing before the ACK").isNull();

        requests.onNext(DiscoveryRequest.newBuilder().setAck(Ack.newBuilder().setNonce(full.getNonce())
                .setVersion(full.getVersion())).build());
        DiscoveryResponse delta = (DiscoveryResponse) received.poll(10, TimeUnit.SECONDS);
        assertThat(delta.getFull()).isFalse();
        assertThat(delta.getVersion()).isEqualTo(third.version());
        assertThat(delta.getResourcesList()).extracting(r -> r.getWorkload().getUid()).containsExactly("c");
        assertThat(delta.getRemovedList()).containsExactly(
                ResourceName.newBuilder().setType(ResourceType.WORKLOAD).setName("b").build());
        requests.onCompleted();
    }

    @Test
    void aSubscriptionNamingNoProxyIsRefused() throws Exception {
        StreamObserver<DiscoveryRequest> requests = open();
        requests.onNext(DiscoveryRequest.newBuilder().setSubscribe(Subscribe.newBuilder().setInstance("x")).build());
        Status status = (Status) received.poll(10, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("neither node_name nor gateway");
    }

    @Test
    void equalSetsHaveEqualVersionsWhateverTheirOrder() {
        assertThat(set(workload("a", "198.18.0.10"), workload("b", "198.18.0.11")).version())
                .isEqualTo(set(workload("b", "198.18.0.11"), workload("a", "198.18.0.10")).version())
                .isNotEqualTo(set(workload("a", "198.18.0.10")).version());
    }
}
