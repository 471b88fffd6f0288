package dev.trellis.ctl.lab;

import dev.trellis.testing.netns.RootRequirement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's network in real namespaces (root): two nodes, a pod on each wired by the real bridge and
 * host-local CNI plugins, traffic between them over IPv4 and IPv6, and nothing left after {@code down}.
 */
class LabInNamespacesTest {

    @TempDir
    Path stateDir;

    private LabLayout layout;
    private Lab lab;
    private final Commands commands = new Commands();

    @BeforeEach
    void setUp() {
        RootRequirement.check();
        layout = new LabLayout("trl-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36));
        lab = new Lab(new LabConfig(layout, stateDir, List.of(LabConfig.DEBIAN_CNI_DIR), false, Path.of("bin")));
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.down();
        }
    }

    @Test
    void podsOnTwoNodesReachEachOtherAndDownLeavesNothing() {
        lab.up(2);
        LabState.LabPod server = lab.runPod(new PodRuntime.PodSpec("shop", "server", "", 2,
                List.of("python3", "-m", "http.server", "18080", "--bind", "::"), Map.of()), List.of());
        LabState.LabPod client = lab.runPod(new PodRuntime.PodSpec("shop", "client", "", 1,
                List.of("sleep", "600"), Map.of()), List.of("198.19.0.10 echo echo.shop echo.shop.svc.cluster.local"));

        assertThat(server.ips()).hasSize(2);
        assertThat(server.ips().getFirst()).startsWith("198.18.102.");
        assertThat(client.ips().getFirst()).startsWith("198.18.101.");
        for (String ip : server.ips()) {
            String url = ip.contains(":") ? "http://[" + ip + "]:18080/" : "http://" + ip + ":18080/";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(commands.execute(Map.of(), null,
                    List.of("ip", "netns", "exec", client.netns(), "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                            "--max-time", "2", url)).stdout()).isEqualTo("200"));
        }
        // The pod's resolver files are its own.
        assertThat(commands.inNetns(client.netns(), "getent", "hosts", "echo.shop").stdout()).startsWith("198.19.0.10");
        assertThat(lab.state().pods()).containsKeys("shop/server", "shop/client");

        lab.deletePod("shop", "server");
        assertThat(lab.network().netnsExists(server.netns())).isFalse();
        lab.deletePod("shop", "server");

        long serverPid = lab.state().processes().get("pod/shop/client").pid();
        lab.down();
        assertThat(lab.network().labNamespaces()).isEmpty();
        assertThat(commands.runQuietly("ip", "link", "show", layout.hostBridge()).ok()).isFalse();
        assertThat(Files.exists(Path.of("/etc/netns", client.netns()))).isFalse();
        assertThat(LabProcesses.alive(serverPid)).isFalse();
        assertThat(lab.state()).isEqualTo(LabState.EMPTY);
    }
}
