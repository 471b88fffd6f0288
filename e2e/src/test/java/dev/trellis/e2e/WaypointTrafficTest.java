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
