package dev.trellis.waypoint.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.TrafficPolicy.Algorithm;
import dev.trellis.core.model.TrafficPolicy.ConnectionPool;
import dev.trellis.core.model.TrafficPolicy.LoadBalancer;
import dev.trellis.core.model.TrafficPolicy.OutlierDetection;
import dev.trellis.core.model.TrafficPolicy.Retry;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.testing.hbone.TunnelEntry;
import dev.trellis.waypoint.state.WaypointState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TrafficPolicy resilience of the waypoint through real HBONE tunnels and curl: retries on 5xx hide an
 * endpoint that fails half its requests; outlier detection ejects an endpoint that always fails and gives it
 * traffic again when its ejection ends; ring hash keeps a header value on one endpoint; least request spreads.
 */
class ResilienceProxyTest {
    private static final SpiffeId WAYPOINT_ID = SpiffeId.of("app", "waypoint");
    private static final SpiffeId CLIENT_ID = SpiffeId.of("app", "sleep");
    private static final int HTTP = 9080;
    private static final Duration EJECTION = Duration.ofMillis(1500);
    private static final AtomicInteger HALF_CALLS = new AtomicInteger();
    private static final AtomicInteger BROKEN_CALLS = new AtomicInteger();

    private static MeshLab lab;
    private static RequestMetrics metrics;
    private static TunnelEntry retried;
    private static TunnelEntry ejecting;
    private static TunnelEntry sticky;
    private static TunnelEntry leastRequest;
    private static TunnelEntry aborted;
    private static TunnelEntry delayed;
    private static TunnelEntry limited;

    @BeforeAll
    static void startMesh() throws Exception {
        lab = new MeshLab();
        lab.httpPod("half", "app", HTTP, exchange -> MeshLab.respond(exchange,
                HALF_CALLS.getAndIncrement() % 2 == 0 ? 500 : 200, "backend=half\n"));
        lab.httpPod("broken", "app", HTTP, exchange -> {
            BROKEN_CALLS.incrementAndGet();
            MeshLab.respond(exchange, 500, "backend=broken\n");
        });
        for (String name : List.of("good-1", "good-2", "good-3")) {
            lab.httpPod(name, "app", HTTP, exchange -> MeshMockResponses.describe(exchange, name));
        }
        InetAddress clientPod = lab.pod("sleep", "app");

        TrafficPolicy retryOn5xx = new TrafficPolicy(LoadBalancer.ROUND_ROBIN, ConnectionPool.UNLIMITED,
                Optional.empty(), Optional.of(new Retry(2, Duration.ZERO, List.of("5xx"), 100)));
        InetAddress retriedVip = lab.service("app", "retried", "http", HTTP, retryOn5xx, "half", "good-1");
        TrafficPolicy ejectAfterTwo = new TrafficPolicy(LoadBalancer.ROUND_ROBIN, ConnectionPool.UNLIMITED,
                Optional.of(new OutlierDetection(2, Integer.MAX_VALUE, Duration.ofSeconds(10), EJECTION, 50)),
                Optional.of(new Retry(1, Duration.ZERO, List.of("connect-failure"), 20)));
        InetAddress ejectingVip = lab.service("app", "ejecting", "http", HTTP, ejectAfterTwo, "broken", "good-1",
                "good-2");
        TrafficPolicy byUser = new TrafficPolicy(new LoadBalancer(Algorithm.RING_HASH, Optional.of("x-user"),
                Optional.empty()), ConnectionPool.UNLIMITED, Optional.empty(), Optional.empty());
        InetAddress stickyVip = lab.service("app", "sticky", "http", HTTP, byUser, "good-1", "good-2", "good-3");
        TrafficPolicy least = new TrafficPolicy(new LoadBalancer(Algorithm.LEAST_REQUEST, Optional.empty(),
                Optional.empty()), ConnectionPool.UNLIMITED, Optional.empty(), Optional.empty());
        InetAddress leastVip = lab.service("app", "least", "http", HTTP, least, "good-1", "good-2", "good-3");

        InetAddress abortVip = lab.service("app", "aborted", "http", HTTP, withFaultOrLimit(
                Optional.of(new TrafficPolicy.FaultInjection(0, Duration.ZERO, 100, 503)), Optional.empty()), "good-1");
        InetAddress delayVip = lab.service("app", "delayed", "http", HTTP, withFaultOrLimit(
                Optional.of(new TrafficPolicy.FaultInjection(100, Duration.ofMillis(400), 0, 0)), Optional.empty()),
                "good-1");
        InetAddress limitVip = lab.service("app", "limited", "http", HTTP, withFaultOrLimit(Optional.empty(),
                Optional.of(new TrafficPolicy.RateLimit(5, Duration.ofMinutes(10), 5))), "good-1");

        WaypointState state = new WaypointState();
        state.publish(MeshSnapshot.of("1", lab.workloads, lab.services, List.of(), List.of()), List.of());
        metrics = new RequestMetrics(new PrometheusRegistry());
        WorkloadCertificate cert = MeshLab.CA.issue(WAYPOINT_ID);
        WaypointProxy waypoint = WaypointProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                lab.group, state, () -> cert, MeshLab.CA::bundle, metrics, HboneMetrics.unregistered(),
                new ProxySettings(lab.hbonePort, Duration.ofMillis(300), 1 << 20, "trellis-system"), Clock.systemUTC());
        lab.add(waypoint);
        retried = lab.entry(waypoint.address(), WAYPOINT_ID, retriedVip, HTTP, CLIENT_ID, clientPod);
        ejecting = lab.entry(waypoint.address(), WAYPOINT_ID, ejectingVip, HTTP, CLIENT_ID, clientPod);
        sticky = lab.entry(waypoint.address(), WAYPOINT_ID, stickyVip, HTTP, CLIENT_ID, clientPod);
        leastRequest = lab.entry(waypoint.address(), WAYPOINT_ID, leastVip, HTTP, CLIENT_ID, clientPod);
        aborted = lab.entry(waypoint.address(), WAYPOINT_ID, abortVip, HTTP, CLIENT_ID, clientPod);
        delayed = lab.entry(waypoint.address(), WAYPOINT_ID, delayVip, HTTP, CLIENT_ID, clientPod);
        limited = lab.entry(waypoint.address(), WAYPOINT_ID, limitVip, HTTP, CLIENT_ID, clientPod);
    }

    private static TrafficPolicy withFaultOrLimit(Optional<TrafficPolicy.FaultInjection> fault,
            Optional<TrafficPolicy.RateLimit> limit) {
        return new TrafficPolicy(LoadBalancer.ROUND_ROBIN, ConnectionPool.UNLIMITED, Optional.empty(),
                Optional.of(new Retry(1, Duration.ZERO, List.of("connect-failure"), 20)), fault, limit);
    }

    @AfterAll
    static void stopMesh() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void retriesOn5xxHideAnEndpointThatFailsHalfItsRequests() throws Exception {
        List<Integer> statuses = codes(retried, "/retry/[1-40]", "retried.app:9080");

        assertThat(statuses).hasSize(40).containsOnly(200);
        assertThat(metrics.retries("retried.app.svc.cluster.local", "500")).isPositive();
    }

    @Test
    void outlierDetectionEjectsAnEndpointThatAlwaysFailsAndReturnsItLater() throws Exception {
        List<Integer> first = codes(ejecting, "/eject/[1-30]", "ejecting.app:9080");

        assertThat(first.stream().filter(s -> s == 500).count()).as("two failures, then the endpoint is ejected")
                .isEqualTo(2);
        assertThat(BROKEN_CALLS.get()).isEqualTo(2);
        Thread.sleep(EJECTION.toMillis() + 300);
        List<Integer> after = codes(ejecting, "/eject-again/[1-6]", "ejecting.app:9080");
        assertThat(BROKEN_CALLS.get()).as("once its ejection ends the endpoint gets traffic again").isGreaterThan(2);
        assertThat(after).contains(500);
    }

    @Test
    void ringHashKeepsAHeaderValueOnOneEndpoint() throws Exception {
        Map<String, Set<String>> backendsByUser = new java.util.HashMap<>();
        for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            String out = Curl.run(sticky, "-s", url(sticky, "/sticky/[1-8]"), "-H", "Host: sticky.app:9080",
                    "-H", "x-user: " + user);
            backendsByUser.put(user, out.lines().map(l -> l.split(" ")[0]).collect(Collectors.toSet()));
        }

        assertThat(backendsByUser.values()).allSatisfy(b -> assertThat(b).hasSize(1));
        assertThat(backendsByUser.values().stream().flatMap(Set::stream).distinct().count())
                .as("different users land on different endpoints").isGreaterThan(1);
    }

    @Test
    void leastRequestUsesEveryEndpoint() throws Exception {
        String out = Curl.run(leastRequest, "-s", url(leastRequest, "/least/[1-60]"), "-H", "Host: least.app:9080");

        assertThat(out.lines().map(l -> l.split(" ")[0]).distinct().sorted().toList())
                .containsExactly("backend=good-1", "backend=good-2", "backend=good-3");
    }

    @Test
    void anAbortFaultAnswersItsStatusWithoutReachingTheService() throws Exception {
        Curl.Result r = Curl.get(aborted, "/abort", "-H", "Host: aborted.app:9080");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).contains("x-trellis-fault: abort");
        assertThat(r.body()).contains("fault filter abort").doesNotContain("backend=");
    }

    @Test
    void aDelayFaultHoldsTheRequestThenItIsAnswered() throws Exception {
        long started = System.nanoTime();
        Curl.Result r = Curl.get(delayed, "/delay", "-H", "Host: delayed.app:9080");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("backend=good-1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void theLocalRateLimitAnswers429OnceTheBucketIsEmpty() throws Exception {
        List<Integer> statuses = codes(limited, "/limit/[1-10]", "limited.app:9080");

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(5);
        assertThat(statuses.subList(5, 10)).containsOnly(429);
    }

    private static List<Integer> codes(TunnelEntry entry, String paths, String host) throws Exception {
        String out = Curl.run(entry, "-s", "-o", "/dev/null", "-w", "%{http_code}\\n", url(entry, paths),
                "-H", "Host: " + host);
        return out.lines().map(Integer::parseInt).toList();
    }

    private static String url(TunnelEntry entry, String path) {
        return "http://" + entry.address().getAddress().getHostAddress() + ":" + entry.address().getPort() + path;
    }
}
