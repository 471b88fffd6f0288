package dev.trellis.core.hbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bytes through client → tunnel → server → echo and back: volume, concurrency and half-close. */
class HboneTransferTest {

    private TunnelFixture tunnel;

    @BeforeEach
    void start() throws InterruptedException {
        tunnel = new TunnelFixture(HboneSettings.DEFAULT.withMaxStreamsPerConnection(100));
    }

    @AfterEach
    void stop() {
        tunnel.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void oneGibibyteArrivesIntactBothWays() throws Exception {
        long total = 1L << 30;
        try (Socket s = connect()) {
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> crcOf(s, total));
            CRC32 sent = new CRC32();
            byte[] chunk = new byte[1 << 16];
            Random random = new Random(42);
            OutputStream out = s.getOutputStream();
            for (long written = 0; written < total; written += chunk.length) {
                random.nextBytes(chunk);
                sent.update(chunk);
                out.write(chunk);
            }
            s.shutdownOutput();
            assertThat(received.get(150, TimeUnit.SECONDS)).isEqualTo(sent.getValue());
            assertThat(s.getInputStream().read()).as("EOF after the echo").isEqualTo(-1);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void thousandConcurrentStreamsShareTenConnections() throws Exception {
        int streams = 1000;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                Socket s = connect();
                s.getOutputStream().write(("hello " + i + "\n").getBytes());
                sockets.add(s);
            }
            // Every stream is open at once: each has sent and none has finished.
            for (int i = 0; i < streams; i++) {
                byte[] expected = ("hello " + i + "\n").getBytes();
                byte[] got = new byte[expected.length];
                new DataInputStream(sockets.get(i).getInputStream()).readFully(got);
                assertThat(new String(got)).isEqualTo(new String(expected));
            }
            assertThat(tunnel.client.connections(TunnelFixture.CLIENT_ID, TunnelFixture.SERVER_ID,
                    tunnel.server.address())).isEqualTo(10);
            for (Socket s : sockets) {
                s.shutdownOutput();
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(tunnel.metrics.acceptedCount()).isEqualTo(streams);
        assertThat(tunnel.entry.failures()).isZero();
    }

    @Test
    @Timeout(30)
    void clientHalfCloseStillReceivesTheRest() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("first".getBytes());
            s.shutdownOutput();
            // The echo sees EOF only after our bytes, echoes them, then half-closes its side too.
            assertThat(new String(s.getInputStream().readAllBytes())).isEqualTo("first");
        }
    }

    @Test
    @Timeout(30)
    void serverHalfCloseLetsTheClientKeepSending() throws Exception {
        // An upstream that answers and closes its output at once, then counts what the client still sends.
        try (var upstream = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            upstream.setSoTimeout(10_000);
            CompletableFuture<String> afterFin = CompletableFuture.supplyAsync(() -> {
                try (Socket a = upstream.accept()) {
                    a.setSoTimeout(10_000);
                    a.getOutputStream().write("bye".getBytes());
                    a.shutdownOutput();
                    return new String(a.getInputStream().readAllBytes());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            HboneTarget target = tunnel.target(TunnelFixture.SERVER_ID, "127.0.0.1:" + upstream.getLocalPort());
            try (var entry = dev.trellis.testing.hbone.TunnelEntry.start(
                    new java.net.InetSocketAddress("127.0.0.1", 0), tunnel.clientLoops, tunnel.client, target,
                    tunnel.clientCert::get);
                    Socket s = new Socket("127.0.0.1", entry.address().getPort())) {
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(3))).isEqualTo("bye");
                assertThat(in.read()).as("FIN from the server side").isEqualTo(-1);
                s.getOutputStream().write("still here".getBytes());
                s.shutdownOutput();
                assertThat(afterFin.get(10, TimeUnit.SECONDS)).isEqualTo("still here");
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", tunnel.entry.address().getPort());
        s.setSoTimeout(60_000);
        s.setTcpNoDelay(true);
        return s;
    }

    private static long crcOf(Socket s, long total) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try {
            InputStream in = s.getInputStream();
            long n = 0;
            while (n < total) {
                int r = in.read(buf);
                if (r < 0) {
                    throw new IOException("EOF after " + n + " of " + total + " bytes");
                }
                crc.update(buf, 0, r);
                n += r;
            }
            return crc.getValue();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
