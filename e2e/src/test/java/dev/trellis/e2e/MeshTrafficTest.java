package dev.trellis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.testing.netns.RootRequirement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh in the lab, driven only through meshctl and real clients: two nodes, the sample app in a mesh
 * namespace, a plain namespace outside the mesh. One lab for the whole class (starting one costs seconds);
 * the tests run in order because later ones change policies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshTrafficTest {
    private static final Meshctl MESHCTL = new Meshctl();
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("samples");

    @TempDir
    static Path dir;

    @BeforeAll
    static void up() {
        RootRequirement.check();
        assertThat(LeakCheck.leftovers()).as("a lab is already up on this host; run 'meshctl lab down'").isEmpty();
        MESHCTL.run(Duration.ofMinutes(3), "lab", "up", "--nodes", "2").assertOk();
        Meshctl.Result applied = MESHCTL.run("apply", "-f", SAMPLES.resolve("echo.yaml").toString(),
                "-f", SAMPLES.resolve("outside.yaml").toString(), "--wait").assertOk();
        assertThat(applied.stdout()).contains("pod demo/echo-v1 started in the lab", "all 2 proxies serve");
    }

    @AfterAll
    static void down() {
        MESHCTL.run("lab", "down");
    }

    @Test
    @Order(1)
    void aPodReachesAServiceOnAnotherNodeOverMutualTlsAndTheAppSeesTheCallersAddress() throws Exception {
        String client = podIp("demo", "client");
        String answer = curlUntilOk("demo", "client", "http://echo/hello");
        assertThat(answer).contains("\"pod\":\"echo-v1\"").contains("\"client\":\"" + client + "\"");

        String metrics = MESHCTL.run("lab", "exec", "-n", "demo", "client", "--", "curl", "-sS", "-m", "5",
                "http://198.18.0.11:15020/metrics").assertOk().stdout();
        assertThat(metrics).containsPattern("trellis_tcp_connections_opened_total\\{[^}]*connection_security_policy="
                + "\"mutual_tls\"[^}]*destination_service=\"echo.demo.svc.cluster.local\"");
    }

    @Test
    @Order(1)
    void ipv6TakesTheSamePathAndKeepsTheCallersAddressToo() throws Exception {
        String echo6 = podIp6("demo", "echo-v1");
        String answer = curlUntilOk("demo", "client", "http://[" + echo6 + "]:8080/six");
        assertThat(answer).contains("\"pod\":\"echo-v1\"").contains("\"client\":\"" + podIp6("demo", "client") + "\"");
    }

    private static String podIp6(String namespace, String pod) {
        String out = MESHCTL.run("get", "pods", "-n", namespace, "-o", "json").assertOk().stdout();
        String one = out.substring(out.indexOf("\"name\" : \"" + pod + "\""));
        return one.replaceAll("(?s).*?\"ip\" : \"(fd00:[^\"]+)\".*", "$1");
    }

    @Test
    @Order(2)
    void thePayloadIsNotPlaintextOnTheWireBetweenNodes() throws Exception {
        String marker = "trellis-secret-" + UUID.randomUUID();
        Path capture = dir.resolve("wire.txt");
        Process tcpdump = new ProcessBuilder("tcpdump", "-i", "trl-lab0", "-l", "-n", "-A", "-s", "0",
                "tcp port 15008 or tcp port 8080").redirectErrorStream(true)
                .redirectOutput(capture.toFile()).start();
        try {
            Thread.sleep(1000);
            String answer = curlUntilOk("demo", "client", "http://echo/" + marker);
            assertThat(answer).contains(marker);
            Thread.sleep(500);
        } finally {
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);
        }
        String wire = Files.readString(capture, StandardCharsets.ISO_8859_1);
        assertThat(wire).as("packets to the HBONE port crossed the bridge").contains(".15008:");
        assertThat(wire).as("the marker never appears in clear").doesNotContain(marker);
    }

    @Test
    @Order(3)
    void aMeshPodReachesAPodOutsideTheMeshAndAnOutsidePodReachesTheMesh() throws Exception {
        String plain = podIp("plain", "web");
        assertThat(curlUntilOk("demo", "client", "http://" + plain + ":8080/out")).contains("\"pod\":\"web\"");
        String echo = podIp("demo", "echo-v1");
        String fromOutside = curlUntilOk("plain", "visitor", "http://" + echo + ":8080/in");
        assertThat(fromOutside).contains("\"pod\":\"echo-v1\"").contains("\"client\":\"" + podIp("plain", "visitor")
                + "\"");
    }

    @Test
    @Order(4)
    void aDenyPolicyResetsTheCallAndRemovingItRestoresIt() throws Exception {
        Path policy = dir.resolve("deny.yaml");
        Files.writeString(policy, """
                apiVersion: security.trellis.dev/v1
                kind: AuthorizationPolicy
                metadata: {name: deny-client, namespace: demo}
                spec:
                  selector: {matchLabels: {app: echo}}
                  action: DENY
                  rules:
                    - from: [{source: {principals: ["cluster.local/ns/demo/sa/client"]}}]
                """);
        MESHCTL.run("apply", "-f", policy.toString(), "--wait").assertOk();
        Meshctl.Result denied = MESHCTL.run("lab", "exec", "-n", "demo", "client", "--", "curl", "-sS", "-m", "5",
                "http://echo/denied");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.stdout()).doesNotContain("echo-v1");

        MESHCTL.run("delete", "-f", policy.toString(), "--wait").assertOk();
        assertThat(curlUntilOk("demo", "client", "http://echo/again")).contains("\"pod\":\"echo-v1\"");
    }

    @Test
    @Order(5)
    void trafficGoesOnWhileTheControlPlaneIsDown() throws Exception {
        long pid = pid("control-plane");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertThat(curlUntilOk("demo", "client", "http://echo/still-here")).contains("\"pod\":\"echo-v1\"");
    }

    @Test
    @Order(6)
    void aKilledNodeAgentTakesItsPodsBackWhenItRestarts() throws Exception {
        long agent = pid("node-agent/node-2");
        ProcessHandle.of(agent).orElseThrow().destroyForcibly();
        ProcessHandle.of(agent).ifPresent(h -> h.onExit().join());
        Meshctl.Result down = MESHCTL.run("lab", "exec", "-n", "demo", "client", "--", "curl", "-sS", "-m", "3",
                "http://echo/while-down");
        assertThat(down.exitCode()).as("no agent in echo's pod: nothing answers there").isNotZero();

        long started = System.nanoTime();
        MESHCTL.run(Duration.ofMinutes(2), "lab", "up", "--nodes", "2").assertOk();
        assertThat(pid("node-agent/node-2")).isNotEqualTo(agent);
        assertThat(curlUntilOk("demo", "client", "http://echo/after-restart")).contains("\"pod\":\"echo-v1\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    @Order(7)
    void labellingANamespaceCapturesItsRunningPodsWithoutBreakingTheirOpenConnections() throws Exception {
        String web = podIp("plain", "web");
        // A connection opened before the label, used after it: it must go on untouched.
        Process open = new ProcessBuilder(Path.of(System.getProperty("user.dir")).getParent().resolve("bin/meshctl")
                .toString(), "lab", "exec", "-n", "plain", "visitor", "--", "bash", "-c",
                "exec 3<>/dev/tcp/" + web + "/8080; sleep 6; printf 'GET /opened-before HTTP/1.1\\r\\nHost: web\\r\\n"
                        + "Connection: close\\r\\n\\r\\n' >&3; timeout 5 cat <&3").redirectErrorStream(true).start();
        Thread.sleep(1500);
        Path labelled = dir.resolve("plain-in-mesh.yaml");
        Files.writeString(labelled, """
                apiVersion: v1
                kind: Namespace
                metadata: {name: plain, labels: {trellis.dev/dataplane-mode: ambient}}
                """);
        MESHCTL.run("apply", "-f", labelled.toString(), "--wait").assertOk();

        assertThat(visitorCapturedWithin(Duration.ofSeconds(20), "http://" + web + ":8080/after-label"))
                .as("new connections from the labelled namespace go through the node-agent over mTLS").isTrue();
        assertThat(open.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String before = new String(open.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(before).as("the connection opened before the label").contains("HTTP/1.1 200")
                .contains("/opened-before");
    }

    @Test
    @Order(8)
    void removingTheLabelReleasesThePodsAndTheConnectionsTheAgentCarriesFinish() throws Exception {
        String web = podIp("plain", "web");
        // Opened while the namespace is in the mesh (so carried by the node-agent), used after the release.
        Process open = new ProcessBuilder(Path.of(System.getProperty("user.dir")).getParent().resolve("bin/meshctl")
                .toString(), "lab", "exec", "-n", "plain", "visitor", "--", "bash", "-c",
                "exec 3<>/dev/tcp/" + web + "/8080; sleep 6; printf 'GET /opened-in-mesh HTTP/1.1\\r\\nHost: web\\r\\n"
                        + "Connection: close\\r\\n\\r\\n' >&3; timeout 5 cat <&3").redirectErrorStream(true).start();
        Thread.sleep(1500);
        assertThat(MESHCTL.run("namespace", "disable", "plain", "--wait").assertOk().stdout())
                .contains("namespace plain leaves the mesh");
        assertThat(open.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String carried = new String(open.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(carried).as("the connection the agent carried when the pod left the mesh").contains("HTTP/1.1 200")
                .contains("/opened-in-mesh");
        assertThat(curlUntilOk("plain", "visitor", "http://" + web + ":8080/after-release")).contains("\"pod\":\"web\"");
    }

    @Test
    @Order(9)
    void aPodTheRestartedAgentNeverSawIsCapturedWhenItsNamespaceJoinsTheMesh() throws Exception {
        // The restarted agent never saw a CNI ADD for plain/visitor: it must find the pod's namespace itself.
        long agent = pid("node-agent/node-1");
        ProcessHandle.of(agent).orElseThrow().destroyForcibly();
        ProcessHandle.of(agent).ifPresent(h -> h.onExit().join());
        MESHCTL.run(Duration.ofMinutes(2), "lab", "up", "--nodes", "2").assertOk();
        assertThat(pid("node-agent/node-1")).isNotEqualTo(agent);
        String web = podIp("plain", "web");
        assertThat(MESHCTL.run("namespace", "enable", "plain", "--wait").assertOk().stdout())
                .contains("namespace plain joins the mesh");
        assertThat(MESHCTL.run("namespace", "enable", "plain").assertOk().stdout()).contains("already in the mesh");

        assertThat(visitorCapturedWithin(Duration.ofSeconds(45), "http://" + web + ":8080/after-agent-restart"))
                .as("the restarted agent found the pod's namespace and captured it in place").isTrue();
        assertThat(MESHCTL.run("lab", "logs", "node-agent/node-1").stdout())
                .contains("pod plain/visitor is in the mesh but was never handed to this agent");
    }

    @Test
    @Order(10)
    void statusShowsEveryProxySyncedAndGetSpeaksYaml() throws Exception {
        Meshctl.Result status = MESHCTL.run("status").assertOk();
        assertThat(status.stdout()).contains("node-agent/node-1", "node-agent/node-2", "SYNCED", "all synced")
                .doesNotContain("STALE");
        assertThat(MESHCTL.run("status", "-o", "json").assertOk().stdout()).contains("\"state\" : \"SYNCED\"");
        String yaml = MESHCTL.run("get", "pods", "-n", "demo", "-o", "yaml").assertOk().stdout();
        assertThat(yaml).contains("kind: Pod", "name: echo-v1", "namespace: demo").doesNotContain("{");
        assertThat(MESHCTL.run("config", "workloads", "--node", "node-2").assertOk().stdout())
                .contains("echo-v1", "spiffe://cluster.local/ns/demo/sa/echo", "HEALTHY");
        assertThat(MESHCTL.run("config", "certificates", "--node", "node-2").assertOk().stdout())
                .contains("spiffe://cluster.local/ns/demo/sa/echo", "issued");
        assertThat(MESHCTL.run("config", "services", "--node", "node-1", "-o", "yaml").assertOk().stdout())
                .contains("hostname: echo.demo.svc.cluster.local");
        assertThat(MESHCTL.run("config", "pods", "--node", "node-9").stderr()).contains("node-9");
        Process load = new ProcessBuilder(Path.of(System.getProperty("user.dir")).getParent().resolve("bin/meshctl")
                .toString(), "lab", "exec", "-n", "demo", "client", "--", "bash", "-c",
                "for i in $(seq 60); do curl -s -o /dev/null http://echo/top; sleep 0.1; done").start();
        String top = MESHCTL.run("top", "--once", "--interval", "3").assertOk().stdout();
        load.destroy();
        assertThat(top).as("echo (its pods, by their app) takes new mTLS connections from the client meanwhile")
                .containsPattern("demo/echo\\s+[1-9][0-9.]*\\s+100%");
        Meshctl.Result bad = MESHCTL.run("get", "pods", "-o", "xml");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("--output: 'xml' (expected: table, wide, json or yaml)");
    }

    /**
     * Calls {@code url} from plain/visitor until node-1's agent counts a mutual-TLS connection from visitor
     * (its metrics, read from the pod), or the time is up.
     */
    private static boolean visitorCapturedWithin(Duration patience, String url) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            curlUntilOk("plain", "visitor", url);
            boolean captured = MESHCTL.run("lab", "exec", "-n", "plain", "visitor", "--", "curl", "-sS", "-m", "5",
                    "http://198.18.0.11:15020/metrics").stdout().lines().anyMatch(l -> l.startsWith(
                    "trellis_tcp_connections_opened_total{") && l.contains("source_workload=\"visitor\"")
                    && l.contains("mutual_tls"));
            if (captured) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static long pid(String process) {
        String status = MESHCTL.run("lab", "status", "-o", "json").assertOk().stdout();
        return Long.parseLong(status.replaceAll("(?s).*\"" + java.util.regex.Pattern.quote(process)
                + "\"\\s*:\\s*\\{[^}]*\"pid\"\\s*:\\s*(\\d+).*", "$1"));
    }

    private static String podIp(String namespace, String pod) {
        String out = MESHCTL.run("get", "pods", "-n", namespace, "-o", "json").assertOk().stdout();
        String one = out.substring(out.indexOf("\"name\" : \"" + pod + "\""));
        return one.replaceAll("(?s).*?\"podIP\" : \"([^\"]+)\".*", "$1");
    }

    /** Calls with curl from a pod until it answers (new pods' apps take a moment to listen). */
    private static String curlUntilOk(String namespace, String pod, String url) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> tries = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Meshctl.Result r = MESHCTL.run("lab", "exec", "-n", namespace, pod, "--", "curl", "-sS", "-g", "-m", "5", url);
            if (r.exitCode() == 0 && r.stdout().startsWith("{")) {
                return r.stdout();
            }
            tries.add(r.exitCode() + ": " + r.stdout() + r.stderr());
            Thread.sleep(500);
        }
        throw new AssertionError("curl " + url + " from " + namespace + "/" + pod + " never answered: " + tries);
    }
}
