package dev.trellis.testing.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetnsHarnessTest {

    private static String namespaces() {
        return NetnsHarness.run("ip", "netns", "list");
    }

    @Test
    void twoHostsOnABridgeTalkOverTcp() {
        String a;
        try (NetnsHarness h = NetnsHarness.create()) {
            a = h.namespace("a");
            String b = h.namespace("b");
            String sw = h.namespace("sw");
            h.bridge(sw, "br0");
            h.plug(a, "eth0", sw, "br0", "p-a");
            h.plug(b, "eth0", sw, "br0", "p-b");
            h.address(a, "eth0", "198.18.30.1/24");
            h.address(b, "eth0", "198.18.30.2/24");
            String answer = h.exec(a, "python3", "-c", """
                    import socket, subprocess, time
                    srv = subprocess.Popen(['ip', 'netns', 'exec', '%s', 'python3', '-c',
                        'import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); '
                        's.bind(("198.18.30.2", 18081)); s.listen(1); c,_=s.accept(); c.sendall(b"pong"); c.close()'])
                    for _ in range(50):
                        try:
                            c = socket.create_connection(('198.18.30.2', 18081), timeout=1); break
                        except OSError:
                            time.sleep(0.1)
                    print(c.recv(4).decode()); srv.wait()
                    """.formatted(b));
            assertThat(answer.strip()).isEqualTo("pong");
            assertThat(namespaces()).contains(a);
        }
        assertThat(namespaces()).doesNotContain(a);
    }

    @Test
    void everythingIsRemovedEvenWhenTheTestFails() {
        String[] made = new String[1];
        assertThatThrownBy(() -> {
            try (NetnsHarness h = NetnsHarness.create()) {
                made[0] = h.namespace("doomed");
                throw new IllegalStateException("the test body failed");
            }
        }).hasMessage("the test body failed");
        assertThat(namespaces()).doesNotContain(made[0]);
    }

    @Test
    void addressesOutsideTheTestRangesAreRefused() {
        try (NetnsHarness h = NetnsHarness.create()) {
            String a = h.namespace("a");
            assertThatThrownBy(() -> h.address(a, "lo", "192.0.2.1/32"))
                    .hasMessageContaining("outside 198.18.0.0/15 and fd00:7472::/32");
            h.address(a, "lo", "fd00:7472:9::1/128");
            assertThat(h.exec(a, "ip", "-6", "addr", "show", "dev", "lo")).contains("fd00:7472:9::1");
        }
    }

    @Test
    void namespacesOfDeadTestProcessesAreSwept() {
        RootRequirement.check();
        // A name as a killed test JVM would have left it (pids here stay below 4,000,000).
        long deadPid = 4_000_000L;
        String stale = "trl-t" + Long.toString(deadPid, 36) + "xzz-stale";
        String lab = "trl-lab-node-99";
        NetnsHarness.run("ip", "netns", "add", lab);
        NetnsHarness.run("ip", "netns", "add", stale);
        try {
            NetnsHarness.sweepStale();
            assertThat(namespaces()).doesNotContain(stale).as("a lab is never swept").contains(lab);
        } finally {
            NetnsHarness.run("ip", "netns", "delete", lab);
        }
    }
}
