package dev.trellis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.testing.netns.RootRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * L7 through a waypoint in the lab, driven through meshctl and curl: the canary sample (a Gateway of class
 * trellis-waypoint, two versions, an HTTPRoute with a header match and a 90/10 split), then an L7 policy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WaypointTrafficTest {
    private static final Meshctl MESHCTL = new Meshctl();
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("samples");

    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws InterruptedException {
        RootRequirement.check();
        assertThat(LeakCheck.leftovers()).as("a lab is already up on this host; run 'meshctl lab down'").isEmpty();
        MESHCTL.run(Duration.ofMinutes(3), "lab", "up", "--nodes", "2").assertOk();
        Meshctl.Result applied = MESHCTL.run("apply", "-f", SAMPLES.resolve("canary.yaml").toString(), "--wait")
                .assertOk();
        assertThat(applied.stdout()).contains("pod shop/waypoint-waypoint started in the lab");
        awaitWaypoint();
    }

    @AfterAll
    static void down() {
        MESHCTL.run("lab", "down");
    }

    @Test
    @Order(1)
    void aHeaderMatchSendsEveryRequestToV2AndTheRestSplitsNinetyToTen() {
        for (int i = 0; i < 5; i++) {
            assertThat(curl("-H", "x-version: v2", "http://echo/ab")).contains("\"version\":\"v2\"");
        }
        int requests = 150;
        // One exec running curl 150 times in the pod (a meshctl call per request would cost a JVM start each).
        List<String> answers = MESHCTL.run("lab", "exec", "-n", "shop", "client", "--", "bash", "-c",
                "for i in $(seq " + requests + "); do curl -sS -m 5 http://echo/split; echo; done").assertOk()
                .stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(answers).hasSize(requests).allMatch(a -> a.matches(".*\"version\":\"v[12]\".*"));
        int v2 = (int) answers.stream().filter(a -> a.contains("\"version\":\"v2\"")).count();
        // Binomial(150, 0.1): mean 15, standard deviation 3.7; a 50/50 or a 100/0 split falls far outside.
        assertThat(v2).as("requests answered by v2 out of %d", requests).isBetween(4, 32);
    }

    @Test
    @Order(2)
    void anL7DenyPolicyAnswers403ForTheMethodItNamesOnly() throws Exception {
        Path policy = dir.resolve("no-delete.yaml");
        Files.writeString(policy, """
                apiVersion: security.trellis.dev/v1
                kind: AuthorizationPolicy
                metadata: {name: no-delete, namespace: shop}
                spec:
                  selector: {matchLabels: {app: echo}}
                  action: DENY
                  rules:
                    - to: [{operation: {methods: [DELETE]}}]
                """);
        MESHCTL.run("apply", "-f", policy.toString(), "--wait").assertOk();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.equals("403")) {
            status = curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "http://echo/item");
        }
        assertThat(status).isEqualTo("403");
        assertThat(curl("http://echo/still-readable")).contains("\"pod\":\"echo-v");
        String explained = MESHCTL.run("authz", "check", "-n", "shop", "echo-v1").assertOk().stdout();
        assertThat(explained).contains("shop/no-delete", "DENY", "selector app=echo matches", "waypoint (L7 rules)",
                "1 DENY and 0 ALLOW policy applies");
        assertThat(MESHCTL.run("authz", "check", "-n", "shop", "client").assertOk().stdout())
                .doesNotContain("no-delete").contains("0 DENY and 0 ALLOW policies apply");
    }

    @Test
    @Order(3)
    void retriesFromATrafficPolicyHideAnInstanceThatFailsHalfItsRequests() throws Exception {
        Path flaky = dir.resolve("flaky.yaml");
        Files.writeString(flaky, """
                apiVersion: v1
                kind: Pod
                metadata: {name: flaky-a, namespace: shop, labels: {app: flaky}}
                spec:
                  nodeName: node-2
                  containers:
                    - {name: echo, command: [meshctl, sample, echo, --port, "8080", --fail-rate, "0.5"]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: flaky-b, namespace: shop, labels: {app: flaky}}
                spec:
                  nodeName: node-1
                  containers:
                    - {name: echo, command: [meshctl, sample, echo, --port, "8080"]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: flaky, namespace: shop}
                spec:
                  selector: {app: flaky}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """ + retryPolicy(0));
        MESHCTL.run("apply", "-f", flaky.toString(), "--wait").assertOk();
        List<String> without = statuses(60);
        assertThat(without).as("no retries: flaky-a's 503s reach the client").contains("503");

        Files.writeString(flaky, retryPolicy(2));
        MESHCTL.run("apply", "-f", flaky.toString(), "--wait").assertOk();
        List<String> with = statuses(60);
        assertThat(with).as("retried on 5xx: every request answered").hasSize(60).containsOnly("200");
        String pods = MESHCTL.run("lab", "exec", "-n", "shop", "client", "--", "bash", "-c",
                "for i in $(seq 10); do curl -sS -m 5 http://flaky/who; echo; done").assertOk().stdout();
        assertThat(pods).contains("\"pod\":\"flaky-a\"", "\"pod\":\"flaky-b\"");
    }

    @Test
    @Order(4)
    void waypointsAreListedCheckedCreatedAndDeletedWithMeshctl() {
        assertThat(MESHCTL.run("waypoint", "list", "-n", "shop").assertOk().stdout())
                .containsPattern("shop\\s+waypoint\\s+service\\s+SERVING\\s+yes");
        assertThat(MESHCTL.run("waypoint", "status", "-n", "shop").assertOk().stdout())
                .contains("waypoint shop/waypoint: SERVING");

        MESHCTL.run(Duration.ofMinutes(2), "waypoint", "apply", "-n", "shop", "--name", "second", "--for", "workload",
                "--wait").assertOk();
        String list = MESHCTL.run("waypoint", "list", "-n", "shop", "-o", "json").assertOk().stdout();
        assertThat(list).contains("\"name\" : \"second\"", "\"for\" : \"workload\"");
        Meshctl.Result deleted = MESHCTL.run("waypoint", "delete", "-n", "shop", "--name", "second").assertOk();
        assertThat(deleted.stdout()).contains("waypoint shop/second deleted");
        assertThat(MESHCTL.run("waypoint", "list", "-n", "shop").assertOk().stdout()).doesNotContain("second");
        Meshctl.Result missing = MESHCTL.run("waypoint", "status", "-n", "shop", "--name", "second");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("no waypoint shop/second (create it with: meshctl waypoint apply -n shop)");
    }

    private static String retryPolicy(int retries) {
        return """
                ---
                apiVersion: networking.trellis.dev/v1
                kind: TrafficPolicy
                metadata: {name: flaky, namespace: shop}
                spec:
                  targetRef: {kind: Service, name: flaky}
                  retry: {attempts: %d, retryOn: [5xx]}
                """.formatted(retries);
    }

    /** The status of {@code n} requests to the flaky service, made by one exec of curl in a loop. */
    private static List<String> statuses(int n) {
        return MESHCTL.run("lab", "exec", "-n", "shop", "client", "--", "bash", "-c",
                "for i in $(seq " + n + "); do curl -s -o /dev/null -m 5 -w '%{http_code}\\n' http://flaky/x; done")
                .assertOk().stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    private static String curl(String... args) {
        List<String> argv = new ArrayList<>(List.of("lab", "exec", "-n", "shop", "client", "--", "curl", "-sS", "-m",
                "5"));
        argv.addAll(List.of(args));
        return MESHCTL.run(argv.toArray(String[]::new)).stdout();
    }

    /** The waypoint's JVM takes a moment to start; wait until a request through it is answered. */
    private static void awaitWaypoint() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = curl("http://echo/ready");
            if (last.contains("\"pod\":\"echo-v")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the waypoint never answered: " + last);
    }
}
