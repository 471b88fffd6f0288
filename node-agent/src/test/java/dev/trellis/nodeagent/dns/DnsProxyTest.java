package dev.trellis.nodeagent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.transport.Transport;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dig (bind9-dnsutils) against the proxy on loopback. */
class DnsProxyTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);
    private final EventLoopGroup group = Transport.best().newGroup(1, Thread.ofPlatform().daemon().factory());
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private DnsProxy.Names names;

    @BeforeEach
    void names() {
        names = new DnsProxy.Names();
        names.update(snapshot(service("echo", "demo", List.of("198.19.0.10", "fd00:7472:ffff::a"), List.of()),
                service("db", "demo", List.of(), List.of("198.18.101.7", "198.18.102.9"))));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private DnsProxy proxy(InetSocketAddress upstream, DnsProxy.Names table, PrometheusRegistry metrics)
            throws InterruptedException {
        DnsProxy p = DnsProxy.start(Transport.best(), group, ANY_LOOPBACK_PORT, upstream, table,
                new DnsMetrics(metrics), ch -> { });
        toClose.add(p);
        return p;
    }

    @Test
    void answersServiceNamesWithTheirVipsOverUdpAndTcp() throws Exception {
        DnsProxy p = proxy(new InetSocketAddress("127.0.0.1", 9), names, registry);
        assertThat(dig(p.udpAddress(), "echo.demo.svc.cluster.local", "A")).containsExactly("198.19.0.10");
        assertThat(dig(p.udpAddress(), "ECHO.demo.svc.cluster.local.", "AAAA")).containsExactly("fd00:7472:ffff::a");
        assertThat(dig(p.tcpAddress(), "echo.demo.svc.cluster.local", "A", "+tcp")).containsExactly("198.19.0.10");
        assertThat(dig(p.udpAddress(), "db.demo.svc.cluster.local", "A"))
                .containsExactlyInAnyOrder("198.18.101.7", "198.18.102.9");
        assertThat(dig(p.udpAddress(), "db.demo.svc.cluster.local", "AAAA")).as("NODATA, not forwarded").isEmpty();
        String missing = run("dig", "@127.0.0.1", "-p", Integer.toString(p.udpAddress().getPort()),
                "nothere.demo.svc.cluster.local", "A", "+tries=1", "+timeout=5");
        assertThat(missing).as("a missing service name is not forwarded").contains("status: NXDOMAIN")
                .contains("flags: qr aa");
        assertThat(requests("answered")).isEqualTo(6);
    }

    @Test
    void forwardsOtherNamesToTheUpstreamAndRestoresTheCallersId() throws Exception {
        DnsProxy.Names upstreamNames = new DnsProxy.Names();
        // A name outside the mesh's zone (svc.cluster.local), which the first proxy must forward.
        Service outside = new Service(new ServiceKey("other", "elsewhere"), "elsewhere.example.test",
                List.of(InetAddress.ofLiteral("198.18.200.1")), List.of(new ServicePort("http", 80, 8080,
                Optional.empty())), List.of(), Optional.empty(), TrafficPolicy.DEFAULT);
        upstreamNames.update(snapshot(outside));
        DnsProxy upstream = proxy(new InetSocketAddress("127.0.0.1", 9), upstreamNames, new PrometheusRegistry());
        DnsProxy p = proxy(upstream.udpAddress(), names, registry);

        assertThat(dig(p.udpAddress(), "elsewhere.example.test", "A")).containsExactly("198.18.200.1");
        assertThat(dig(p.tcpAddress(), "elsewhere.example.test", "A", "+tcp")).containsExactly("198.18.200.1");
        assertThat(requests("forwarded")).isEqualTo(2);
    }

    @Test
    void aSilentUpstreamGivesServfailAndGarbageIsDroppedWithoutHarm() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsProxy p = proxy((InetSocketAddress) silent.getLocalSocketAddress(), names, registry);
            String status = run("dig", "@127.0.0.1", "-p", Integer.toString(p.udpAddress().getPort()),
                    "unknown.example.invalid", "A", "+tries=1", "+timeout=6");
            assertThat(status).contains("status: SERVFAIL");
            assertThat(requests("failed")).isEqualTo(1);

            try (DatagramSocket client = new DatagramSocket()) {
                byte[] garbage = "not a dns message at all".getBytes(StandardCharsets.US_ASCII);
                garbage[2] = (byte) 0x81; // the "response" bit: a query is expected
                client.send(new DatagramPacket(garbage, garbage.length, p.udpAddress()));
                client.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, p.udpAddress()));
            }
            assertThat(dig(p.udpAddress(), "echo.demo.svc.cluster.local", "A")).containsExactly("198.19.0.10");
            assertThat(requests("malformed")).isEqualTo(2);
        }
    }

    private double requests(String result) {
        return registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("trellis_dns_requests"))
                .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
                .filter(d -> result.equals(d.getLabels().get("result")))
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
    }

    private static List<String> dig(InetSocketAddress server, String name, String type, String... extra)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("dig", "@" + server.getHostString(), "-p",
                Integer.toString(server.getPort()), name, type, "+short", "+tries=1", "+timeout=5"));
        argv.addAll(List.of(extra));
        return run(argv.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static Service service(String name, String namespace, List<String> vips, List<String> endpoints) {
        return new Service(new ServiceKey(namespace, name), name + "." + namespace + ".svc.cluster.local",
                vips.stream().map(InetAddress::ofLiteral).toList(),
                List.of(new ServicePort("http", 80, 8080, Optional.empty())),
                endpoints.stream().map(ip -> new Endpoint("uid-" + ip, InetAddress.ofLiteral(ip), true)).toList(),
                Optional.empty(), TrafficPolicy.DEFAULT);
    }

    private static MeshSnapshot snapshot(Service... services) {
        Map<ServiceKey, Service> byKey = new java.util.HashMap<>();
        for (Service s : services) {
            byKey.put(s.key(), s);
        }
        return MeshSnapshot.of("v1", Map.of(), byKey, List.of(), List.of());
    }
}
