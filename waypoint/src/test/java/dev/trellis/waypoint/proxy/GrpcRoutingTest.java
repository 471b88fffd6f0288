package dev.trellis.waypoint.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.ParentRef;
import dev.trellis.core.model.route.RouteKind;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.RouteRule;
import dev.trellis.core.model.route.RouteTimeouts;
import dev.trellis.core.model.route.StringMatch;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.testing.hbone.TunnelEntry;
import dev.trellis.waypoint.state.WaypointState;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** gRPC through the waypoint (h2c downstream and upstream) with grpc-java on both ends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcRoutingTest {

    private static final int PORT = 50051;
    private static final String SERVICE = "trellis.echo.Echo";
    private static final SpiffeId WAYPOINT_ID = SpiffeId.of("app", "waypoint");

    private static MeshLab lab;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        lab = new MeshLab();
        for (String version : List.of("v1", "v2")) {
            InetAddress pod = lab.pod("echo-" + version, "app");
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(pod, PORT))
                    .addService(echoService(version)).build().start();
            lab.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        }
        InetAddress client = lab.pod("client", "app");
        InetAddress vip = lab.service("app", "echo", "grpc", PORT, TrafficPolicy.DEFAULT, "echo-v1");
        lab.service("app", "echo-v1", "grpc", PORT, TrafficPolicy.DEFAULT, "echo-v1");
        lab.service("app", "echo-v2", "grpc", PORT, TrafficPolicy.DEFAULT, "echo-v2");
        WaypointState state = new WaypointState();
        state.publish(MeshSnapshot.of("1", lab.workloads, lab.services, List.of(), List.of()), List.of(route()));
        WorkloadCertificate cert = MeshLab.CA.issue(WAYPOINT_ID);
        WaypointProxy waypoint = WaypointProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                lab.group, state, () -> cert, MeshLab.CA::bundle, new RequestMetrics(new PrometheusRegistry()),
                HboneMetrics.unregistered(), new ProxySettings(lab.hbonePort, Duration.ofMillis(300), 1 << 20,
                        "trellis-system"), Clock.systemUTC());
        lab.add(waypoint);
        TunnelEntry entry = lab.entry(waypoint.address(), WAYPOINT_ID, vip, PORT, SpiffeId.of("app", "client"), client);
        channel = NettyChannelBuilder.forAddress(entry.address()).usePlaintext().build();
        lab.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void routesByGrpcMethod() {
        assertThat(call("Ping", "hi")).isEqualTo("v2:Ping:hi");
        assertThat(call("Echo", "hello")).isEqualTo("v1:Echo:hello");
    }

    @Test
    void unmatchedGrpcServiceIsUnimplemented() {
        MethodDescriptor<String, String> other = method("other.Service/Ping");

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, other, CallOptions.DEFAULT, "x"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    private static String call(String method, String request) {
        return ClientCalls.blockingUnaryCall(channel, method(SERVICE + "/" + method),
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
    }

    private static CompiledRoute route() {
        var ping = new RouteMatch(Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.of(
                new RouteMatch.GrpcMethodMatch(Optional.of(new StringMatch.Exact(SERVICE)),
                        Optional.of(new StringMatch.Exact("Ping")))));
        var anyMethod = new RouteMatch(Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.of(
                new RouteMatch.GrpcMethodMatch(Optional.of(new StringMatch.Exact(SERVICE)), Optional.empty())));
        return new CompiledRoute(RouteKind.GRPC, "app", "echo",
                List.of(new ParentRef(new ServiceKey("app", "echo"), OptionalInt.empty())), List.of(
                        new RouteRule(List.of(ping), List.of(),
                                List.of(new BackendRef(new ServiceKey("app", "echo-v2"), PORT, 1)), RouteTimeouts.NONE),
                        new RouteRule(List.of(anyMethod), List.of(),
                                List.of(new BackendRef(new ServiceKey("app", "echo-v1"), PORT, 1)), RouteTimeouts.NONE)));
    }

    private static ServerServiceDefinition echoService(String version) {
        var builder = ServerServiceDefinition.builder(SERVICE);
        for (String name : List.of("Ping", "Echo")) {
            builder.addMethod(method(SERVICE + "/" + name), ServerCalls.asyncUnaryCall((request, response) -> {
                response.onNext(version + ":" + name + ":" + request);
                response.onCompleted();
            }));
        }
        return builder.build();
    }

    private static MethodDescriptor<String, String> method(String fullName) {
        return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName).setRequestMarshaller(Utf8.INSTANCE).setResponseMarshaller(Utf8.INSTANCE)
                .build();
    }

    /** UTF-8 strings as gRPC messages: enough for routing tests, no generated code. */
    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
