package dev.trellis.waypoint.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.hbone.HboneRequestHandler;
import dev.trellis.core.hbone.HboneServer;
import dev.trellis.core.hbone.HboneServerInitializer;
import dev.trellis.core.hbone.HboneSettings;
import dev.trellis.core.hbone.HboneTarget;
import dev.trellis.core.hbone.UpstreamConnector;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.Workload;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.core.transport.Transport;
import dev.trellis.testing.ca.TestCa;
import dev.trellis.testing.hbone.TunnelEntry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A small mesh on loopback for the waypoint tests: "pods" are loopback addresses 127.a.b.n (a, b random so
 * parallel runs do not collide), each with an HBONE listener presenting the pod's identity in front of a real
 * server; services have VIPs in 198.18.0.0/15 that nothing listens on (the waypoint only looks them up).
 */
final class MeshLab implements AutoCloseable {

    static final TestCa CA = TestCa.root("waypoint-test-root");

    final EventLoopGroup group = Transport.best().newGroup(2, Thread.ofPlatform().daemon().name("lab-", 0).factory());
    final int hbonePort = 20000 + ThreadLocalRandom.current().nextInt(20000);
    private final int a = 1 + ThreadLocalRandom.current().nextInt(250);
    private final int b = 1 + ThreadLocalRandom.current().nextInt(250);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final Map<ServiceKey, Service> services = new LinkedHashMap<>();
    final Map<String, Workload> workloads = new LinkedHashMap<>();
    private int pods;
    private int vips;

    InetAddress podAddress(int n) {
        return InetAddress.ofLiteral("127." + a + "." + b + "." + n);
    }

    /** A pod running an HTTP/1.1 server whose answers are written by {@code handler}; returns its address. */
    InetAddress httpPod(String name, String namespace, int port, Consumer<HttpExchange> handler) throws Exception {
        InetAddress address = pod(name, namespace);
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try {
                handler.accept(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        closeables.add(() -> server.stop(0));
        return address;
    }

    /** A pod whose listener on {@code port} is started by the caller; returns its address. */
    InetAddress pod(String name, String namespace) throws Exception {
        int n = ++pods;
        InetAddress address = podAddress(n);
        SpiffeId id = SpiffeId.of(namespace, name);
        WorkloadCertificate cert = CA.issue(id);
        workloads.put("uid-" + name, new Workload("uid-" + name, name, namespace, id, "node", List.of(address), true,
                Optional.empty(), Map.of("app", name), Workload.WorkloadStatus.HEALTHY));
        HboneServerInitializer init = new HboneServerInitializer(local -> Optional.of(cert), CA::bundle,
                HboneRequestHandler.direct(UpstreamConnector.plain(Duration.ofSeconds(2))), HboneSettings.DEFAULT,
                HboneMetrics.unregistered(), Clock.systemUTC());
        HboneServer server = HboneServer.bind(new InetSocketAddress(address, hbonePort), group, init);
        closeables.add(server);
        return address;
    }

    /** A service with one port whose endpoints are the named pods; returns its VIP. */
    InetAddress service(String namespace, String name, String portName, int port, TrafficPolicy policy,
            String... podNames) {
        InetAddress vip = InetAddress.ofLiteral("198.18.7." + (++vips));
        List<Endpoint> endpoints = new ArrayList<>();
        for (String pod : podNames) {
            endpoints.add(new Endpoint("uid-" + pod, workloads.get("uid-" + pod).addresses().get(0), true));
        }
        services.put(new ServiceKey(namespace, name), new Service(new ServiceKey(namespace, name),
                name + "." + namespace + ".svc.cluster.local", List.of(vip),
                List.of(new ServicePort(portName, port, port, Optional.empty())), endpoints, Optional.empty(), policy));
        return vip;
    }

    /** A plaintext listener whose connections are tunnelled to {@code target} on the waypoint as {@code source}. */
    TunnelEntry entry(InetSocketAddress waypoint, SpiffeId waypointId, InetAddress vip, int port, SpiffeId source,
            InetAddress sourceAddress) throws InterruptedException {
        HboneClient client = new HboneClient(group, CA::bundle, HboneSettings.DEFAULT, Clock.systemUTC());
        WorkloadCertificate cert = CA.issue(source);
        TunnelEntry entry = TunnelEntry.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), group, client,
                new HboneTarget(waypoint, waypointId, vip.getHostAddress() + ":" + port,
                        Map.of("forwarded", "for=\"" + sourceAddress.getHostAddress() + "\"")), () -> cert);
        closeables.add(entry);
        closeables.add(client);
        return entry;
    }

    static void respond(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void add(AutoCloseable c) {
        closeables.add(c);
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
}
