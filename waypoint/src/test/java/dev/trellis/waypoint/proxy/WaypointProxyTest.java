package dev.trellis.waypoint.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.route.BackendRef;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.HeaderModifier;
import dev.trellis.core.model.route.NamedMatch;
import dev.trellis.core.model.route.ParentRef;
import dev.trellis.core.model.route.PathModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.core.model.route.RouteKind;
import dev.trellis.core.model.route.RouteMatch;
import dev.trellis.core.model.route.RouteRule;
import dev.trellis.core.model.route.RouteTimeouts;
import dev.trellis.core.model.route.StringMatch;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.testing.echo.EchoServer;
import dev.trellis.testing.hbone.TunnelEntry;
import dev.trellis.waypoint.state.WaypointState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaypointProxyTest {

    private static final SpiffeId WAYPOINT_ID = SpiffeId.of("app", "waypoint");
    private static final SpiffeId CLIENT_ID = SpiffeId.of("app", "sleep");
    private static final int HTTP = 9080;
    private static final int TCP = 7000;
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    private static final AtomicInteger SHADOW_CALLS = new AtomicInteger();

    private static MeshLab lab;
    private static WaypointProxy waypoint;
    private static RequestMetrics metrics;
    private static TunnelEntry reviews;
    private static TunnelEntry plain;
    private static TunnelEntry flaky;
    private static TunnelEntry tcp;
    private static TunnelEntry limited;
    private static TunnelEntry plainFromTenant;

    @BeforeAll
    static void startMesh() throws Exception {
        lab = new MeshLab();
        for (String name : List.of("reviews-v1", "reviews-v2", "plain")) {
            lab.httpPod(name, "app", HTTP, exchange -> {
                if (exchange.getRequestURI().getPath().startsWith("/api/slow")) {
                    sleep(2000);
                }
                MeshMockResponses.describe(exchange, name);
            });
        }
        lab.httpPod("flaky", "app", HTTP, exchange ->
                MeshLab.respond(exchange, FLAKY_CALLS.getAndIncrement() == 0 ? 503 : 200, "flaky answered\n"));
        lab.httpPod("shadow", "app", HTTP, exchange -> {
            if (exchange.getRequestURI().getPath().equals("/mirror/me")) {
                SHADOW_CALLS.incrementAndGet();
            }
            MeshLab.respond(exchange, 500, "the shadow's answer is never seen\n");
        });
        InetAddress echoPod = lab.pod("echo", "app");
        lab.add(EchoServer.start(new InetSocketAddress(echoPod, TCP)));
        InetAddress clientPod = lab.pod("sleep", "app");
        InetAddress tenantPod = lab.pod("tenant-client", "tenant");

        InetAddress reviewsVip = lab.service("app", "reviews", "http", HTTP, TrafficPolicy.DEFAULT, "reviews-v1");
        lab.service("app", "reviews-v1", "http", HTTP, TrafficPolicy.DEFAULT, "reviews-v1");
        lab.service("app", "reviews-v2", "http", HTTP, TrafficPolicy.DEFAULT, "reviews-v2");
        InetAddress plainVip = lab.service("app", "plain", "http", HTTP, TrafficPolicy.DEFAULT, "plain");
        lab.service("app", "shadow", "http", HTTP, TrafficPolicy.DEFAULT, "shadow");
        InetAddress flakyVip = lab.service("app", "flaky", "http", HTTP, TrafficPolicy.DEFAULT, "flaky");
        InetAddress tcpVip = lab.service("app", "echo", "tcp", TCP, TrafficPolicy.DEFAULT, "echo");
        TrafficPolicy onePending = new TrafficPolicy(TrafficPolicy.LoadBalancer.ROUND_ROBIN,
                new TrafficPolicy.ConnectionPool(10, 1, 10, Duration.ofSeconds(1)), Optional.empty(), Optional.empty());
        InetAddress limitedVip = lab.service("app", "limited", "http", HTTP, onePending, "plain");

        WaypointState state = new WaypointState();
        state.publish(MeshSnapshot.of("1", lab.workloads, lab.services, List.of(denyAdmin()), List.of()),
                List.of(reviewsRoute(), tenantConsumerRoute()));
        metrics = new RequestMetrics(new PrometheusRegistry());
        WorkloadCertificate cert = MeshLab.CA.issue(WAYPOINT_ID);
        waypoint = WaypointProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), lab.group, state,
                () -> cert, MeshLab.CA::bundle, metrics, HboneMetrics.unregistered(),
                new ProxySettings(lab.hbonePort, Duration.ofMillis(300), 1 << 20, "trellis-system"), Clock.systemUTC());
        lab.add(waypoint);
        reviews = lab.entry(waypoint.address(), WAYPOINT_ID, reviewsVip, HTTP, CLIENT_ID, clientPod);
        plain = lab.entry(waypoint.address(), WAYPOINT_ID, plainVip, HTTP, CLIENT_ID, clientPod);
        flaky = lab.entry(waypoint.address(), WAYPOINT_ID, flakyVip, HTTP, CLIENT_ID, clientPod);
        tcp = lab.entry(waypoint.address(), WAYPOINT_ID, tcpVip, TCP, CLIENT_ID, clientPod);
        plainFromTenant = lab.entry(waypoint.address(), WAYPOINT_ID, plainVip, HTTP, SpiffeId.of("tenant", "client"),
                tenantPod);
        limited = lab.entry(waypoint.address(), WAYPOINT_ID, limitedVip, HTTP, CLIENT_ID, clientPod);
    }

    @AfterAll
    static void stopMesh() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void passthroughWhenNoRouteIsAttached() throws Exception {
        Curl.Result r = Curl.get(plain, "/anything?x=1", "-H", "Host: plain.app:9080");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("backend=plain").contains("path=/anything?x=1");
    }

    @Test
    void consumerRouteAppliesOnlyToCallersFromItsNamespace() throws Exception {
        Curl.Result tenant = Curl.get(plainFromTenant, "/who", "-H", "Host: plain.app:9080");
        Curl.Result local = Curl.get(plain, "/who", "-H", "Host: plain.app:9080");

        assertThat(tenant.body()).contains("backend=reviews-v2");
        assertThat(local.body()).contains("backend=plain");
        assertThat(metrics.count("tenant-client", "tenant", "plain.app.svc.cluster.local", 200)).isPositive();
    }

    @Test
    void splitsByWeightNinetyTen() throws Exception {
        String out = Curl.run(reviews, "-s", "http://" + hostPort(reviews) + "/api/split/[1-1000]",
                "-H", "Host: reviews.app:9080");

        long v1 = out.lines().filter(l -> l.startsWith("backend=reviews-v1")).count();
        long v2 = out.lines().filter(l -> l.startsWith("backend=reviews-v2")).count();
        assertThat(v1 + v2).isEqualTo(1000);
        // 90/10 of 1000: sigma is ~9.5, so 60..140 for v2 is beyond 4 sigma.
        assertThat(v2).isBetween(60L, 140L);
    }

    @Test
    void headerMatchRoutes() throws Exception {
        Curl.Result alice = Curl.get(reviews, "/user", "-H", "Host: reviews.app:9080", "-H", "X-User: alice");

        assertThat(alice.status()).isEqualTo(200);
        assertThat(alice.body()).contains("backend=reviews-v2");
    }

    @Test
    void requestMatchingNoRuleOfAnAttachedRouteGets404() throws Exception {
        Curl.Result r = Curl.get(reviews, "/user", "-H", "Host: reviews.app:9080", "-H", "X-User: bob");

        assertThat(r.status()).isEqualTo(404);
        assertThat(metrics.count("sleep", "app", "reviews.app.svc.cluster.local", 404)).isPositive();
    }

    @Test
    void redirectKeepsWhatItDoesNotName() throws Exception {
        Curl.Result r = Curl.get(reviews, "/old/page?q=1", "-H", "Host: reviews.app:9080");

        assertThat(r.status()).isEqualTo(301);
        assertThat(r.headers()).contains("location: http://new.example:9080/new/page?q=1");
    }

    @Test
    void urlRewriteAndHeaderModifiersReachBackendAndClient() throws Exception {
        Curl.Result r = Curl.get(reviews, "/rewrite/item?id=7", "-H", "Host: reviews.app:9080",
                "-H", "X-Drop: secret");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("backend=reviews-v1").contains("path=/v2/item?id=7")
                .contains("x-route=canary").contains("x-drop=null");
        assertThat(r.headers()).contains("x-served-by: waypoint");
    }

    @Test
    void requestTimeoutAnswers504() throws Exception {
        long start = System.nanoTime();
        Curl.Result r = Curl.get(reviews, "/api/slow", "-H", "Host: reviews.app:9080");

        assertThat(r.status()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
    }

    @Test
    void retriesABackendThatFailsFirst() throws Exception {
        Curl.Result r = Curl.get(flaky, "/", "-H", "Host: flaky.app:9080");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("flaky answered");
        assertThat(FLAKY_CALLS.get()).isEqualTo(2);
    }

    @Test
    void l7PolicyDenies() throws Exception {
        Curl.Result denied = Curl.get(plain, "/admin/users", "-H", "Host: plain.app:9080");
        Curl.Result allowed = Curl.get(plain, "/public", "-H", "Host: plain.app:9080");

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("denied by app/deny-admin");
        assertThat(allowed.status()).isEqualTo(200);
    }

    @Test
    void malformedRequestGets400AndTheWaypointKeepsServing() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(plain.address(), 2000);
            s.setSoTimeout(5000);
            String longUri = "/" + "a".repeat(10_000);
            s.getOutputStream().write(("GET " + longUri + " HTTP/1.1\r\nHost: plain.app:9080\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("malformed request");
        }
        assertThat(Curl.get(plain, "/still-here", "-H", "Host: plain.app:9080").status()).isEqualTo(200);
    }

    @Test
    void nonHttpIsRelayedAsTcp() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(tcp.address(), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("hello\u0000 raw bytes\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[17];
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                assertThat(r).isPositive();
                n += r;
            }
            assertThat(new String(buf, StandardCharsets.ISO_8859_1)).isEqualTo("hello\u0000 raw bytes\n");
        }
    }

    @Test
    void mirrorSendsACopyAndIgnoresItsAnswer() throws Exception {
        Curl.Result r = Curl.get(reviews, "/mirror/me", "-H", "Host: reviews.app:9080");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("backend=reviews-v1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (SHADOW_CALLS.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(SHADOW_CALLS.get()).isEqualTo(1);
    }

    @Test
    void circuitBreakerOverflowsPastMaxPendingRequests() throws Exception {
        String base = "http://" + hostPort(limited);
        String out = Curl.run(limited, "-s", "-i", "--parallel", "--parallel-immediate", "--parallel-max", "2",
                base + "/api/slow", base + "/api/slow", "-H", "Host: limited.app:9080");

        assertThat(out).contains("HTTP/1.1 200").contains("HTTP/1.1 503").contains("x-trellis-overflow: pending");
    }

    @Test
    void h2cPriorKnowledgeWithH2load() throws Exception {
        String url = "http://" + hostPort(plain) + "/h2";
        Process p = new ProcessBuilder("h2load", "-n", "200", "-c", "2", "-m", "10", url).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out).contains("200 succeeded, 0 failed, 0 errored").contains("status codes: 200 2xx");
    }

    @Test
    void metricsCountRequestsBySourceAndDestination() throws Exception {
        long before = metrics.count("sleep", "app", "plain.app.svc.cluster.local", 200);
        Curl.get(plain, "/counted", "-H", "Host: plain.app:9080");

        assertThat(metrics.count("sleep", "app", "plain.app.svc.cluster.local", 200)).isEqualTo(before + 1);
    }

    private static String hostPort(TunnelEntry e) {
        return e.address().getAddress().getHostAddress() + ":" + e.address().getPort();
    }

    private static CompiledRoute reviewsRoute() {
        ParentRef parent = new ParentRef(new ServiceKey("app", "reviews"), OptionalInt.of(HTTP));
        BackendRef v1 = new BackendRef(new ServiceKey("app", "reviews-v1"), HTTP, 90);
        BackendRef v2 = new BackendRef(new ServiceKey("app", "reviews-v2"), HTTP, 10);
        List<RouteRule> rules = new ArrayList<>();
        rules.add(new RouteRule(List.of(prefix("/api")), List.of(), List.of(v1, v2),
                new RouteTimeouts(Optional.of(Duration.ofMillis(300)), Optional.empty())));
        rules.add(new RouteRule(List.of(new RouteMatch(Optional.of(new StringMatch.PathPrefix("/")),
                List.of(NamedMatch.header("x-user", new StringMatch.Exact("alice"))), List.of(), Optional.empty(),
                Optional.empty())), List.of(), List.of(new BackendRef(v2.service(), HTTP, 1)), RouteTimeouts.NONE));
        rules.add(new RouteRule(List.of(prefix("/old")), List.of(new RouteFilter.RequestRedirect(Optional.empty(),
                Optional.of("new.example"), Optional.of(new PathModifier.ReplacePrefixMatch("/new")),
                OptionalInt.empty(), 301)), List.of(), RouteTimeouts.NONE));
        rules.add(new RouteRule(List.of(prefix("/rewrite")), List.of(
                new RouteFilter.RequestHeaders(new HeaderModifier(Map.of("x-route", "canary"), Map.of(), List.of("x-drop"))),
                new RouteFilter.ResponseHeaders(new HeaderModifier(Map.of(), Map.of("x-served-by", "waypoint"), List.of())),
                new RouteFilter.UrlRewrite(Optional.empty(), Optional.of(new PathModifier.ReplacePrefixMatch("/v2")))),
                List.of(new BackendRef(v1.service(), HTTP, 1)), RouteTimeouts.NONE));
        rules.add(new RouteRule(List.of(prefix("/mirror")), List.of(new RouteFilter.RequestMirror(
                new BackendRef(new ServiceKey("app", "shadow"), HTTP, 1), 100)),
                List.of(new BackendRef(v1.service(), HTTP, 1)), RouteTimeouts.NONE));
        return new CompiledRoute(RouteKind.HTTP, "app", "reviews", List.of(parent), rules);
    }

    /** A route in namespace tenant attached to app/plain: a consumer route for callers from tenant only. */
    private static CompiledRoute tenantConsumerRoute() {
        return new CompiledRoute(RouteKind.HTTP, "tenant", "plain-for-tenant",
                List.of(new ParentRef(new ServiceKey("app", "plain"), OptionalInt.empty())),
                List.of(new RouteRule(List.of(prefix("/")), List.of(),
                        List.of(new BackendRef(new ServiceKey("app", "reviews-v2"), HTTP, 1)), RouteTimeouts.NONE)));
    }

    private static RouteMatch prefix(String p) {
        return new RouteMatch(Optional.of(new StringMatch.PathPrefix(p)), List.of(), List.of(), Optional.empty(),
                Optional.empty());
    }

    private static AuthorizationPolicy denyAdmin() {
        var op = new AuthorizationPolicy.Operation(List.of(), List.of(), List.of(), List.of(), List.of("/admin*"),
                List.of(), List.of(), List.of());
        return new AuthorizationPolicy("deny-admin", "app", Map.of(), AuthorizationPolicy.Action.DENY,
                List.of(new AuthorizationPolicy.Rule(List.of(), List.of(op), List.of())));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
