package dev.trellis.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SO_MARK, IP_TRANSPARENT and SO_ORIGINAL_DST on real sockets in a namespace with real iptables rules. */
class SocketOptionsTest {

    @Test
    void markIsSetReadBackAndCarriedByThePackets() throws Exception {
        try (TestNetns ns = new TestNetns(); Netns runner = Netns.runner(); EpollFixture epoll = new EpollFixture()) {
            ns.exec("iptables", "-t", "mangle", "-A", "OUTPUT", "-p", "tcp", "--dport", "18080",
                    "-m", "mark", "--mark", "0x539/0xfff", "-j", "ACCEPT");
            runner.call(ns.path(), () -> epoll.listen(new InetSocketAddress("127.0.0.1", 18080)));
            EpollSocketChannel client = runner.call(ns.path(), epoll::socket);
            int fd = client.fd().intValue();
            SocketOptions.setMark(fd, 0x539);
            assertThat(SocketOptions.mark(fd)).isEqualTo(0x539);
            client.connect(new InetSocketAddress("127.0.0.1", 18080)).sync();
            assertThat(epoll.accepted.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(markedPackets(ns)).isPositive();
            client.close().sync();
        }
    }

    @Test
    void originalDestinationOfARedirectedConnectionIpv4AndIpv6() throws Exception {
        try (TestNetns ns = new TestNetns(); Netns runner = Netns.runner(); EpollFixture epoll = new EpollFixture()) {
            ns.exec("ip", "addr", "add", "198.18.201.1/32", "dev", "lo");
            ns.exec("ip", "-6", "addr", "add", "fd00:7472:201::1/128", "dev", "lo", "nodad");
            ns.exec("iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-d", "198.18.201.1", "--dport", "80",
                    "-j", "REDIRECT", "--to-ports", "15001");
            ns.exec("ip6tables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-d", "fd00:7472:201::1", "--dport", "80",
                    "-j", "REDIRECT", "--to-ports", "15001");
            // REDIRECT in OUTPUT sends to the loopback address of the family: one listener each, as in a pod.
            runner.call(ns.path(), () -> epoll.listen(new InetSocketAddress("127.0.0.1", 15001)));
            runner.call(ns.path(), () -> epoll.listen(new InetSocketAddress("::1", 15001)));
            for (String destination : new String[] {"198.18.201.1", "fd00:7472:201::1"}) {
                Channel client = runner.call(ns.path(), epoll::socket);
                client.connect(new InetSocketAddress(destination, 80)).sync();
                EpollSocketChannel accepted = epoll.accepted.poll(5, TimeUnit.SECONDS);
                assertThat(accepted).as("accepted a connection to %s", destination).isNotNull();
                boolean v6 = destination.contains(":");
                InetSocketAddress original = SocketOptions.originalDestination(accepted.fd().intValue(), v6);
                assertThat(original).isEqualTo(new InetSocketAddress(destination, 80));
                client.close().sync();
            }
        }
    }

    @Test
    void aConnectionThatWasNotRedirectedHasNoOriginalDestination() throws Exception {
        try (TestNetns ns = new TestNetns(); Netns runner = Netns.runner(); EpollFixture epoll = new EpollFixture()) {
            runner.call(ns.path(), () -> epoll.listen(new InetSocketAddress("127.0.0.1", 15001)));
            Channel client = runner.call(ns.path(), epoll::socket);
            client.connect(new InetSocketAddress("127.0.0.1", 15001)).sync();
            EpollSocketChannel accepted = epoll.accepted.poll(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> SocketOptions.originalDestination(accepted.fd().intValue(), false))
                    .isInstanceOf(LinuxException.class)
                    .hasMessageContaining("getsockopt(SO_ORIGINAL_DST)");
            client.close().sync();
        }
    }

    @Test
    void transparentSocketsBindToAddressesThatAreNotLocal() throws Exception {
        try (TestNetns ns = new TestNetns(); Netns runner = Netns.runner(); EpollFixture epoll = new EpollFixture()) {
            InetSocketAddress foreign = new InetSocketAddress("198.18.250.9", 0);
            EpollSocketChannel plain = runner.call(ns.path(), epoll::socket);
            assertThatThrownBy(() -> plain.bind(foreign).sync()).hasMessageContaining("Cannot assign requested address");
            EpollSocketChannel transparent = runner.call(ns.path(), epoll::socket);
            SocketOptions.setTransparent(transparent.fd().intValue(), false);
            transparent.bind(foreign).sync();
            assertThat(((InetSocketAddress) transparent.localAddress()).getAddress().getHostAddress())
                    .isEqualTo("198.18.250.9");
            transparent.close().sync();
        }
    }

    @Test
    void badDescriptorIsATypedError() {
        assertThatThrownBy(() -> SocketOptions.setMark(-1, 1))
                .isInstanceOfSatisfying(LinuxException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF))
                .hasMessageContaining("setsockopt(fd -1, SO_MARK, 1)");
    }

    private static long markedPackets(TestNetns ns) {
        String table = ns.exec("iptables", "-t", "mangle", "-L", "OUTPUT", "-v", "-n", "-x");
        Matcher m = Pattern.compile("^\\s*(\\d+)\\s+\\d+\\s+ACCEPT.*mark match 0x539/0xfff", Pattern.MULTILINE)
                .matcher(table);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
