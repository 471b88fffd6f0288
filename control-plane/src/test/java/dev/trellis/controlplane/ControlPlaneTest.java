package dev.trellis.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trellis.api.ca.v1.CertificateServiceGrpc;
import dev.trellis.api.ca.v1.CreateCertificateRequest;
import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.api.store.v1.ApplyRequest;
import dev.trellis.api.store.v1.AwaitProxiesRequest;
import dev.trellis.api.store.v1.ListRequest;
import dev.trellis.api.store.v1.ObjectOutcome;
import dev.trellis.api.store.v1.SetPodStatusRequest;
import dev.trellis.api.store.v1.StoreServiceGrpc;
import dev.trellis.controlplane.server.BearerTokens;
import dev.trellis.core.discovery.DiscoveredState;
import dev.trellis.core.discovery.DiscoveryClient;
import dev.trellis.core.discovery.DiscoveryMetrics;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.retry.Backoff;
import dev.trellis.core.tls.CertificateRequests;
import dev.trellis.core.tls.CertificateSigner;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole control plane in local mode, driven as node-agents and meshctl drive it: TLS, tokens, gRPC. */
class ControlPlaneTest {
    private static final String NODE_1 = "node-1-secret";
    private static final String ADMIN = "admin-secret";

    @TempDir
    Path dir;
    private ControlPlane plane;
    private ControlPlaneConfig config;
    private ManagedChannel channel;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<DiscoveredState> received = new CopyOnWriteArrayList<>();
    private DiscoveryClient client;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("store"));
        Files.writeString(dir.resolve("store").resolve("demo.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: demo, labels: {trellis.dev/dataplane-mode: ambient}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: echo, namespace: demo, labels: {app: echo}}
                spec:
                  nodeName: node-1
                  serviceAccountName: echo
                  containers: [{name: echo, command: [sleep, "60"]}]
                """);
        Files.writeString(dir.resolve("node-tokens"), "node-1 " + BearerTokens.sha256(NODE_1) + "\n");
        Files.writeString(dir.resolve("admin-tokens"), "meshctl " + BearerTokens.sha256(ADMIN) + "\n");
        config = new ControlPlaneConfig(ControlPlaneConfig.Store.LOCAL, dir.resolve("store"),
                new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), dir.resolve("ca"),
                Duration.ofHours(24), dir.resolve("node-tokens"), dir.resolve("admin-tokens"),
                dir.resolve("waypoint-tokens"), "cluster.local",
                "trellis-system", "198.19.0.0/16", List.of());
        plane = ControlPlane.start(config, Clock.systemUTC());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", plane.grpcPort())
                .overrideAuthority("trellis-control-plane.trellis-system.svc")
                .sslContext(GrpcSslContexts.forClient().trustManager(dir.resolve("ca").resolve("root-cert.pem").toFile())
                        .build()).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        plane.close();
        scheduler.shutdownNow();
    }

    @Test
    void aNodeAgentLearnsItsPodsGetsTheirCertificatesAndFollowsAppliedChanges() throws Exception {
        client = new DiscoveryClient(io.grpc.ClientInterceptors.intercept(channel, bearerInterceptor(NODE_1)),
                Subscribe.newBuilder().setNodeName("node-1").build(), received::add, scheduler,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), new DiscoveryMetrics(new PrometheusRegistry()));
        client.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty()
                && received.getLast().snapshot().workloads().values().stream().anyMatch(w -> w.name().equals("echo")));
        var workload = received.getLast().snapshot().workloads().values().iterator().next();
        assertThat(workload.identity()).isEqualTo(SpiffeId.of("demo", "echo"));
        assertThat(workload.captured()).isTrue();
        assertThat(received.getLast().snapshot().trustBundlePem()).hasSize(1);

        var ca = CertificateServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(NODE_1));
        var keys = CertificateSigner.newP256KeyPair();
        var issued = ca.createCertificate(CreateCertificateRequest.newBuilder().setIdentity(workload.identity().uri())
                .setCsrPem(CertificateRequests.csr(keys, workload.identity())).build());
        assertThat(issued.getCertificateChainPemCount()).isEqualTo(1);

        var store = StoreServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(ADMIN));
        store.setPodStatus(SetPodStatusRequest.newBuilder().setNamespace("demo").setName("echo")
                .addPodIps("198.18.101.5").setReady(true).build());
        var applied = store.apply(ApplyRequest.newBuilder().setSource("test").setYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: echo, namespace: demo}
                spec:
                  selector: {app: echo}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """).build());
        assertThat(applied.getObjects(0).getOutcome()).isEqualTo(ObjectOutcome.Outcome.CREATED);
        var behind = store.awaitProxies(AwaitProxiesRequest.newBuilder().setTimeoutMillis(10_000).build());
        assertThat(behind.getBehindList()).isEmpty();
        assertThat(behind.getConnected()).isEqualTo(1);
        var snapshot = client.state().orElseThrow().snapshot();
        var service = snapshot.services().values().iterator().next();
        assertThat(service.endpoints()).extracting(e -> e.address()).containsExactly(InetAddress.ofLiteral("198.18.101.5"));
        assertThat(service.vips()).hasSize(1);
        assertThat(store.list(ListRequest.newBuilder().setKind("Service").build()).getObjects(0).getJson())
                .contains("\"clusterIP\":\"" + service.vips().getFirst().getHostAddress() + "\"");
    }

    @Test
    void callersAreHeldToTheirOwnNodeAndBadInputIsRefusedByName() {
        var ca = CertificateServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(NODE_1));
        SpiffeId elsewhere = SpiffeId.of("demo", "other");
        assertThatThrownBy(() -> ca.createCertificate(CreateCertificateRequest.newBuilder()
                .setIdentity(elsewhere.uri()).setCsrPem(CertificateRequests.csr(CertificateSigner.newP256KeyPair(),
                        elsewhere)).build()))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("PERMISSION_DENIED");

        var asNode = StoreServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(NODE_1));
        assertThatThrownBy(() -> asNode.list(ListRequest.newBuilder().setKind("Pod").build()))
                .hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("admin token");

        var store = StoreServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(ADMIN));
        assertThatThrownBy(() -> store.apply(ApplyRequest.newBuilder().setSource("bad.yaml").setYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: broken, namespace: demo}
                spec:
                  ports: [{port: 70000}]
                """).build())).hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("70000");
        assertThat(store.list(ListRequest.newBuilder().setKind("Pod").build()).getObjectsCount()).isEqualTo(1);
        assertThatThrownBy(() -> store.apply(ApplyRequest.newBuilder().setSource("route.yaml").setYaml("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: canary, namespace: demo}
                spec:
                  parentRefs: [{group: "", kind: Service, name: echo}]
                  rules: [{backendRefs: [{name: echo, port: 80, weight: -1}]}]
                """).build())).hasMessageContaining("INVALID_ARGUMENT")
                .hasMessageContaining("route.yaml: HTTPRoute demo/canary: spec.rules[0].backendRefs[0].weight: -1");
        assertThat(store.list(ListRequest.newBuilder().setKind("HTTPRoute").build()).getObjectsCount()).isZero();

        received.clear();
        client = new DiscoveryClient(io.grpc.ClientInterceptors.intercept(channel, bearerInterceptor(NODE_1)),
                Subscribe.newBuilder().setNodeName("node-2").build(), received::add, scheduler,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), new DiscoveryMetrics(new PrometheusRegistry()));
        client.start();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(received).as("node-1's token cannot subscribe as node-2").isEmpty();
        assertThat(plane.discovery().proxies().list()).isEmpty();
    }

    @Test
    void whatWasAppliedThroughTheApiSurvivesARestart() throws Exception {
        var store = StoreServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(ADMIN));
        store.apply(ApplyRequest.newBuilder().setSource("svc.yaml").setYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: echo, namespace: demo}
                spec:
                  selector: {app: echo}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """).build());
        store.setPodStatus(SetPodStatusRequest.newBuilder().setNamespace("demo").setName("echo")
                .addPodIps("198.18.101.5").setReady(true).build());
        String vip = store.list(ListRequest.newBuilder().setKind("Service").build()).getObjects(0).getJson()
                .replaceAll(".*\"clusterIP\":\"([^\"]+)\".*", "$1");

        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        plane.close();
        plane = ControlPlane.start(config.withGrpcPort(0), Clock.systemUTC());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", plane.grpcPort())
                .overrideAuthority("trellis-control-plane.trellis-system.svc")
                .sslContext(GrpcSslContexts.forClient().trustManager(dir.resolve("ca").resolve("root-cert.pem").toFile())
                        .build()).build();
        var again = StoreServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(ADMIN));
        assertThat(again.list(ListRequest.newBuilder().setKind("Service").build()).getObjects(0).getJson())
                .contains("\"clusterIP\":\"" + vip + "\"");
        assertThat(again.list(ListRequest.newBuilder().setKind("Pod").build()).getObjects(0).getJson())
                .contains("\"podIP\":\"198.18.101.5\"");
    }

    private static io.grpc.ClientInterceptor bearerInterceptor(String token) {
        return new io.grpc.ClientInterceptor() {
            @Override
            public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
                    io.grpc.CallOptions options, io.grpc.Channel next) {
                return next.newCall(method, options.withCallCredentials(bearer(token)));
            }
        };
    }

    private static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        };
    }
}
