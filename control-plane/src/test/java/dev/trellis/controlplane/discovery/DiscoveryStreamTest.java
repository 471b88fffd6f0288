package dev.trellis.controlplane.discovery;

import static dev.trellis.controlplane.discovery.Resources.brokenWorkload;
import static dev.trellis.controlplane.discovery.Resources.service;
import static dev.trellis.controlplane.discovery.Resources.set;
import static dev.trellis.controlplane.discovery.Resources.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.core.discovery.DiscoveredState;
import dev.trellis.core.discovery.DiscoveryClient;
import dev.trellis.core.discovery.DiscoveryMetrics;
import dev.trellis.core.discovery.ResourceSet;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.retry.Backoff;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real discovery client against the real discovery service over gRPC on loopback. */
class DiscoveryStreamTest {
    private final PrometheusRegistry serverRegistry = new PrometheusRegistry();
    private final DiscoveryService service = new DiscoveryService(serverRegistry, Clock.systemUTC());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<DiscoveredState> received = new CopyOnWriteArrayList<>();
    private Server server;
    private ManagedChannel channel;
    private DiscoveryClient client;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
        port = server.getPort();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }

    private void connect(DiscoveryClient.Listener listener) {
        client = new DiscoveryClient(channel, Subscribe.newBuilder().setNodeName("node-1").setInstance("test").build(),
                listener, scheduler, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                new DiscoveryMetrics(new PrometheusRegistry()));
        client.start();
    }

    private static ResourceView forNode1(ResourceSet set) {
        return proxy -> proxy.equals(new ProxyId.NodeAgent("node-1")) ? set : ResourceSet.EMPTY;
    }

    private double pushes(String type) {
        var counter = (CounterSnapshot) serverRegistry.scrape().stream()
                .filter(m -> m.getMetadata().getName().equals("trellis_discovery_pushes")).findFirst().orElseThrow();
        return counter.getDataPoints().stream().filter(d -> type.equals(d.getLabels().get("type")))
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
    }

    @Test
    void aSubscriberGetsTheFullStateThenDeltasAndTheServiceSeesItsAcks() throws Exception {
        ResourceSet first = set(workload("a", "198.18.0.10"), service("echo", "198.19.0.1", "a", "198.18.0.10"));
        service.publish(forNode1(first));
        connect(received::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.get(0).snapshot().workloads()).containsOnlyKeys("a");
        assertThat(received.get(0).snapshot().servicesByVip()).containsKey(InetAddress.ofLiteral("198.19.0.1"));
        await().until(() -> service.proxies().list().getFirst().ackedVersion().equals(first.version()));

        ResourceSet second = set(workload("b", "198.18.0.11"), service("echo", "198.19.0.1", "b", "198.18.0.11"));
        service.publish(forNode1(second));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        var snapshot = received.get(1).snapshot();
        assertThat(snapshot.workloads()).containsOnlyKeys("b");
        assertThat(snapshot.services().get(new ServiceKey("demo", "echo")).endpoints().getFirst().workloadUid())
                .isEqualTo("b");
        assertThat(received.get(1).version()).isEqualTo(second.version());
        assertThat(pushes("full")).isEqualTo(1);
        assertThat(pushes("delta")).isEqualTo(1);
        await().until(() -> service.proxies().list().getFirst().ackedVersion().equals(second.version()));
    }

    @Test
    void aRefusedResponseIsNackedAndTheProxyKeepsItsLastGoodState() throws Exception {
        ResourceSet good = set(workload("a", "198.18.0.10"));
        service.publish(forNode1(good));
        connect(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.proxies().list().size() == 1
                && service.proxies().list().getFirst().ackedVersion().equals(good.version()));

        service.publish(forNode1(set(workload("a", "198.18.0.10"), brokenWorkload("bad"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> service.proxies().list().getFirst().lastNack().isPresent());
        ProxyStatus status = service.proxies().list().getFirst();
        assertThat(status.lastNack().orElseThrow()).contains("Workload bad").contains("spiffe://");
        assertThat(status.ackedVersion()).isEqualTo(good.version());
        assertThat(client.state().orElseThrow().snapshot().workloads()).containsOnlyKeys("a");
        assertThat(received).hasSize(1);

        ResourceSet fixed = set(workload("a", "198.18.0.10"), workload("c", "198.18.0.12"));
        service.publish(forNode1(fixed));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received.get(1).snapshot().workloads()).containsOnlyKeys("a", "c");
        await().until(() -> service.proxies().list().getFirst().lastNack().isEmpty());
    }

    @Test
    void aListenerThatRefusesTheStateNacksIt() {
        service.publish(forNode1(set(workload("a", "198.18.0.10"))));
        connect(state -> {
            throw new IllegalArgumentException("HTTPRoute demo/r: spec.rules[0]: no backendRefs");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !service.proxies().list().isEmpty()
                && service.proxies().list().getFirst().lastNack().isPresent());
        assertThat(service.proxies().list().getFirst().lastNack().orElseThrow()).contains("spec.rules[0]");
        assertThat(client.state()).isEmpty();
    }

    @Test
    void afterTheControlPlaneRestartsTheClientReconnectsAndGetsTheFullStateAgain() throws Exception {
        service.publish(forNode1(set(workload("a", "198.18.0.10"))));
        connect(received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.connected());
        assertThat(client.state().orElseThrow().snapshot().workloads()).containsOnlyKeys("a");

        DiscoveryService restarted = new DiscoveryService(new PrometheusRegistry(), Clock.systemUTC());
        ResourceSet after = set(workload("z", "198.18.0.20"));
        restarted.publish(forNode1(after));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(restarted)
                .build().start();

        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 2);
        assertThat(received.get(1).snapshot().workloads()).containsOnlyKeys("z");
        assertThat(client.connected()).isTrue();
    }
}
