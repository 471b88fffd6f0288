package dev.trellis.controlplane;

import static org.awaitility.Awaitility.await;

import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.controlplane.kubernetes.ClusterWatch;
import dev.trellis.controlplane.server.BearerTokens;
import dev.trellis.core.discovery.DiscoveredState;
import dev.trellis.core.discovery.DiscoveryClient;
import dev.trellis.core.discovery.DiscoveryMetrics;
import dev.trellis.core.retry.Backoff;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane in Kubernetes mode against fabric8's mock API server (CRUD): what is created in the API
 * server reaches a real gRPC discovery subscriber, and a delete is pushed too.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesModeTest {

    static KubernetesClient kubernetes;

    private static final String NODE_1 = "node-1-secret";

    @TempDir
    Path dir;

    @Test
    void podsCreatedAndDeletedInTheApiServerReachADiscoverySubscriber() throws Exception {
        Files.writeString(dir.resolve("node-tokens"), "node-1 " + BearerTokens.sha256(NODE_1) + "\n");
        var config = new ControlPlaneConfig(ControlPlaneConfig.Store.KUBERNETES, dir.resolve("store"),
                new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), dir.resolve("ca"),
                Duration.ofHours(24), dir.resolve("node-tokens"), dir.resolve("admin-tokens"),
                dir.resolve("waypoint-tokens"), "cluster.local", "trellis-system", "198.19.0.0/16", List.of());
        List<DiscoveredState> received = new CopyOnWriteArrayList<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (ControlPlane plane = ControlPlane.start(config, Clock.systemUTC(),
                store -> ClusterWatch.start(kubernetes, store))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", plane.grpcPort())
                    .overrideAuthority("trellis-control-plane.trellis-system.svc")
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(dir.resolve("ca").resolve("root-cert.pem").toFile()).build())
                    .build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + NODE_1);
            DiscoveryClient client = new DiscoveryClient(
                    ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                    Subscribe.newBuilder().setNodeName("node-1").build(), received::add, scheduler,
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                    new DiscoveryMetrics(new PrometheusRegistry()));
            try {
                client.start();
                kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("demo")
                        .addToLabels("trellis.dev/dataplane-mode", "ambient").endMetadata().build()).create();
                kubernetes.pods().inNamespace("demo").resource(new PodBuilder().withNewMetadata().withName("echo")
                        .withNamespace("demo").addToLabels("app", "echo").endMetadata()
                        .withNewSpec().withNodeName("node-1").withServiceAccountName("echo")
                        .addNewContainer().withName("echo").withImage("echo").endContainer().endSpec()
                        .build()).create();
                await().atMost(Duration.ofSeconds(15)).until(() -> hasWorkload(received, "echo"));

                kubernetes.pods().inNamespace("demo").withName("echo").delete();
                await().atMost(Duration.ofSeconds(15)).until(() -> !hasWorkload(received, "echo"));
            } finally {
                client.close();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                scheduler.shutdownNow();
            }
        }
    }

    private static boolean hasWorkload(List<DiscoveredState> received, String name) {
        return !received.isEmpty() && received.getLast().snapshot().workloads().values().stream()
                .anyMatch(w -> w.name().equals(name));
    }
}
