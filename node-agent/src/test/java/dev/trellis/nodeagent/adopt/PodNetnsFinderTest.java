package dev.trellis.nodeagent.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.cni.rules.NsenterCommandRunner;
import dev.trellis.testing.netns.NetnsHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search in real network namespaces (root): one bind-mounted as {@code ip netns} and runtimes do, one held
 * only by a process (reachable through {@code /proc}), and the test's own, which must never be offered.
 */
class PodNetnsFinderTest {
    private static final InetAddress MOUNTED_V4 = InetAddress.ofLiteral("198.18.251.1");
    private static final InetAddress MOUNTED_V6 = InetAddress.ofLiteral("fd00:7472:251::1");
    private static final InetAddress PROCESS_ONLY = InetAddress.ofLiteral("198.18.251.2");
    private static final InetAddress NOWHERE = InetAddress.ofLiteral("198.18.251.9");

    private NetnsHarness net;
    private Process holder;

    @BeforeEach
    void setUp() {
        net = NetnsHarness.create();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        net.close();
    }

    @Test
    void addressesAreFoundInBindMountedAndProcessOnlyNamespacesButNeverInOurOwn() throws Exception {
        String mounted = net.namespace("adopt");
        net.address(mounted, "lo", "198.18.251.1/32");
        net.address(mounted, "lo", "fd00:7472:251::1/128");
        holder = new ProcessBuilder("unshare", "--net", "sh", "-c",
                "ip link set lo up && ip addr add 198.18.251.2/32 dev lo && echo ready && exec sleep 60")
                .redirectErrorStream(true).start();
        assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("ready\n");
        PodNetnsFinder finder = new PodNetnsFinder(NetnsInventory.ofHost()::namespaces,
                new NsenterCommandRunner("nsenter", 10_000));

        Map<InetAddress, Path> found = finder.find(Set.of(MOUNTED_V4, MOUNTED_V6, PROCESS_ONLY, NOWHERE));

        assertThat(found).containsEntry(MOUNTED_V4, NetnsHarness.path(mounted))
                .containsEntry(MOUNTED_V6, NetnsHarness.path(mounted))
                .containsEntry(PROCESS_ONLY, Path.of("/proc/" + holder.pid() + "/ns/net"))
                .doesNotContainKey(NOWHERE);
    }

    @Test
    void theInventoryListsEachNamespaceOnceAndLeavesOutOurs() throws IOException {
        String mounted = net.namespace("inv");
        holder = new ProcessBuilder("ip", "netns", "exec", mounted, "sleep", "60").start();
        long own = NetnsInventory.inode(Path.of("/proc/self/ns/net")).orElseThrow();
        long mountedInode = NetnsInventory.inode(NetnsHarness.path(mounted)).orElseThrow();

        var namespaces = NetnsInventory.ofHost().namespaces();

        assertThat(namespaces).as("a bind mount is preferred to the process in it")
                .contains(NetnsHarness.path(mounted))
                .doesNotContain(Path.of("/proc/" + holder.pid() + "/ns/net"));
        assertThat(namespaces.stream().map(p -> NetnsInventory.inode(p).orElse(-1L)))
                .doesNotHaveDuplicates()
                .doesNotContain(own)
                .contains(mountedInode);
    }
}
