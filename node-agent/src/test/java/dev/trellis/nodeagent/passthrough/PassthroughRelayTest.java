package dev.trellis.nodeagent.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trellis.nodeagent.passthrough.RelayFixture.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class PassthroughRelayTest {

    /** Blocking peers run here, never in the common pool (one thread on a two-core machine). */
    private final ExecutorService peers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopPeers() {
        peers.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void relaysBothWaysAndTheAnswerArrivesAfterTheCallerHalfCloses(Transport transport) throws Exception {
        byte[] request = randomBytes(1 << 20);
        try (ServerSocket target = loopbackServer();
                RelayFixture relay = new RelayFixture(transport, address(target))) {
            // The target reads until EOF, then answers with the digest of what it got, then closes.
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveDigest(target), peers);

            byte[] answer;
            try (Socket client = connect(relay.port())) {
                client.getOutputStream().write(request);
                client.shutdownOutput();
                answer = client.getInputStream().readAllBytes();
            }

            served.get(30, TimeUnit.SECONDS);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo(hex(sha256(request)));
            assertThat(relay.listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.listener.sent.get()).isEqualTo(request.length);
            assertThat(relay.listener.received.get()).isEqualTo(64);
            assertThat(relay.listener.closeError.get()).isNull();
            assertThat(relay.listener.closedCalls.get()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void callerKeepsSendingAfterTheTargetHalfCloses(Transport transport) throws Exception {
        try (ServerSocket target = loopbackServer();
                RelayFixture relay = new RelayFixture(transport, address(target))) {
            CompletableFuture<String> targetGot = CompletableFuture.supplyAsync(() -> {
                try (Socket s = target.accept()) {
                    s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, peers);

            try (Socket client = connect(relay.port())) {
                byte[] greeting = client.getInputStream().readAllBytes();
                assertThat(new String(greeting, StandardCharsets.US_ASCII)).isEqualTo("hello");
                client.getOutputStream().write("sent after the target's EOF".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                assertThat(targetGot.get(10, TimeUnit.SECONDS)).isEqualTo("sent after the target's EOF");
            }
            assertThat(relay.listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.listener.closeError.get()).isNull();
        }
    }

    /**
     * On epoll this once failed about once in ten runs (a third of runs when repeated): the caller's socket had
     * EPOLLOUT set when its input ended, and once that write completed Netty 4.2.18 deleted it from epoll, so the
     * next write that had to wait failed with epoll_ctl ENOENT. Relay now repairs the registration before each
     * flush towards a half-closed socket (300 repetitions passed).
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aLargeAnswerFlowsAfterAShortRequestAndItsHalfClose(Transport transport) throws Exception {
        byte[] answer = randomBytes(8 << 20);
        try (ServerSocket target = loopbackServer();
                RelayFixture relay = new RelayFixture(transport, address(target))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = target.accept()) {
                    s.getInputStream().readAllBytes();
                    s.getOutputStream().write(answer);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, peers);
            try (Socket client = connect(relay.port())) {
                client.getOutputStream().write("GET".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                assertThat(hex(sha256(client.getInputStream()))).isEqualTo(hex(sha256(answer)));
            }
            served.get(30, TimeUnit.SECONDS);
            assertThat(relay.listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.listener.closeError.get()).isNull();
        }
    }

    @Test
    void unreachableTargetResetsTheCallerAndIsReported() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket s = loopbackServer()) {
            closed = address(s);
        }
        try (RelayFixture relay = new RelayFixture(Transport.NIO, closed);
                Socket client = connect(relay.port())) {
            assertThat(relay.listener.failed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.listener.connectFailure.get()).hasMessageContaining("Connection refused");
            int read;
            try {
                read = client.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(relay.listener.upstream.get()).isNull();
        }
    }

    @Test
    void aTargetThatStopsReadingStopsTheRelayFromReadingTheCaller() throws Exception {
        long total = 64L << 20;
        CountDownLatch startReading = new CountDownLatch(1);
        try (ServerSocket target = smallBufferServer();
                RelayFixture relay = new RelayFixture(Transport.EPOLL, address(target))) {
            CompletableFuture<String> targetDigest = CompletableFuture.supplyAsync(() -> {
                try (Socket s = target.accept()) {
                    startReading.await();
                    return hex(sha256(s.getInputStream()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, peers);
            AtomicLong written = new AtomicLong();
            MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
            try (Socket client = new Socket()) {
                client.setSendBufferSize(RelayFixture.SOCKET_BUFFER);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port()));
                CompletableFuture<Void> writer = CompletableFuture.runAsync(
                        () -> writeRandom(client, total, written, sentDigest), peers);

                // The writer blocks once every buffer on the way is full; then nothing more moves. With
                // four 64 KiB kernel buffers (doubled by the kernel) and the relay's water mark, that is
                // about a megabyte; a relay that kept reading would take all 64 MiB into memory.
                awaitStable(written);
                var upstream = relay.listener.upstream.get();
                long pending = upstream.eventLoop()
                        .submit(() -> upstream.unsafe().outboundBuffer().totalPendingWriteBytes()).get();
                assertThat(written.get()).isLessThan(4L << 20);
                assertThat(pending).isLessThanOrEqualTo(RelayFixture.WATER_MARK.high() + 128 * 1024);

                startReading.countDown();
                writer.get(60, TimeUnit.SECONDS);
                client.shutdownOutput();
                assertThat(targetDigest.get(60, TimeUnit.SECONDS)).isEqualTo(hex(sentDigest.digest()));
            }
            // Byte counts are reported when the relay ends.
            assertThat(relay.listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.listener.sent.get()).isEqualTo(total);
        }
    }

    private static void awaitStable(AtomicLong counter) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = counter.get();
            boolean stable = now == last[0] && now > 0;
            last[0] = now;
            return stable;
        });
    }

    private static void writeRandom(Socket client, long total, AtomicLong written, MessageDigest digest) {
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(42);
        try {
            OutputStream out = client.getOutputStream();
            while (written.get() < total) {
                random.nextBytes(chunk);
                out.write(chunk);
                digest.update(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void serveDigest(ServerSocket target) {
        try (Socket s = target.accept()) {
            byte[] got = s.getInputStream().readAllBytes();
            s.getOutputStream().write(hex(sha256(got)).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ServerSocket smallBufferServer() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReceiveBufferSize(RelayFixture.SOCKET_BUFFER);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    private static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static InetSocketAddress address(ServerSocket s) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(InputStream in) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            d.update(buf, 0, n);
        }
        return d.digest();
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
