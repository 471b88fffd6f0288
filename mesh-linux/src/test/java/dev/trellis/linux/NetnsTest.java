package dev.trellis.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NetnsTest {

    private static final Path HOME = Path.of("/proc/self/ns/net");

    private static String currentNetns() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void workRunsInsideTheNamespaceAndTheThreadReturnsHome() throws Exception {
        TestNetns.requireRoot();
        String home = currentNetns();
        try (TestNetns ns = new TestNetns(); Netns runner = Netns.runner()) {
            ns.exec("ip", "addr", "add", "198.18.200.1/32", "dev", "lo");
            String inside = runner.call(ns.path(), () -> {
                // The address exists only in the namespace: binding to it works only from inside.
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("198.18.200.1", 0));
                }
                return currentNetns();
            });
            assertThat(inside).isNotEqualTo(home);
            assertThatThrownBy(() -> {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("198.18.200.1", 0));
                }
            }).isInstanceOf(BindException.class);
            assertThat(runner.call(HOME, NetnsTest::currentNetns)).isEqualTo(home);
        }
    }

    @Test
    void theThreadReturnsHomeWhenTheWorkThrows() throws Exception {
        TestNetns.requireRoot();
        String home = currentNetns();
        try (TestNetns ns = new TestNetns(); Netns runner = Netns.runner()) {
            assertThatThrownBy(() -> runner.call(ns.path(), () -> {
                throw new java.io.IOException("boom");
            })).isInstanceOf(java.io.IOException.class).hasMessage("boom");
            assertThat(runner.call(HOME, NetnsTest::currentNetns)).isEqualTo(home);
        }
    }

    @Test
    void aMissingNamespaceOrAFileThatIsNoneIsATypedError() {
        TestNetns.requireRoot();
        try (Netns runner = Netns.runner()) {
            assertThatThrownBy(() -> runner.call(Path.of("/var/run/netns/trl-gone-linux"), () -> 1))
                    .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                    .hasMessageContaining("open(/var/run/netns/trl-gone-linux)")
                    .hasMessageContaining("namespace gone");
            assertThatThrownBy(() -> runner.call(Path.of("/etc/hostname"), () -> 1))
                    .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                    .hasMessageContaining("setns(/etc/hostname, CLONE_NEWNET)");
        }
    }
}
