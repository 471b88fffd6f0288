package dev.trellis.core.hbone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.tls.TlsContexts;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.testing.ca.TestCa;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Certificates and roots rotate under load: a transfer runs while both sides get certificates from a new
 * root (added to the bundle first); the transfer completes intact, new handshakes present the new
 * certificates, and after the old root leaves the bundle, old-root certificates are refused.
 */
class HboneRotationTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void rotatingCertificatesAndRootDuringATransferDropsNothing() throws Exception {
        try (TunnelFixture tunnel = new TunnelFixture(HboneSettings.DEFAULT);
                Socket s = new Socket("127.0.0.1", tunnel.entry.address().getPort())) {
            s.setSoTimeout(60_000);
            long total = 256L << 20;
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> crc(s, total));
            CRC32 sent = new CRC32();
            byte[] chunk = new byte[1 << 16];
            Random random = new Random(7);
            OutputStream out = s.getOutputStream();
            TestCa newRoot = TestCa.root("mesh-root-2");
            WorkloadCertificate oldServer = tunnel.serverCert.get();
            for (long written = 0; written < total; written += chunk.length) {
                if (written == total / 2) {
                    // Step 1 of a root rotation: trust both roots, then re-issue both workloads under the new one.
                    tunnel.bundle.set(tunnel.bundle.get().with(newRoot.rootCertificate()));
                    tunnel.serverCert.set(newRoot.issue(TunnelFixture.SERVER_ID));
                    tunnel.clientCert.set(newRoot.issue(TunnelFixture.CLIENT_ID));
                    assertNewHandshakePresents(tunnel, tunnel.serverCert.get().leaf());
                }
                random.nextBytes(chunk);
                sent.update(chunk);
                out.write(chunk);
            }
            s.shutdownOutput();
            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(sent.getValue());

            // Step 2: the old root leaves the bundle; its certificates are refused from now on.
            tunnel.bundle.set(newRoot.bundle());
            RawTls.Outcome stale = RawTls.handshake(tunnel.clientLoops, tunnel.server.address(),
                    TlsContexts.client(tunnel.ca.issue(TunnelFixture.CLIENT_ID), newRoot.bundle(), Clock.systemUTC()));
            assertThat(stale.failure()).isNotNull();
            // Counted as untrusted root, or as no certificate when the client's TLS library withholds a
            // certificate it sees no use for: either way the old root no longer gets in.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(tunnel.metrics.rejectedCount(HboneRejection.UNTRUSTED_ROOT)
                            + tunnel.metrics.rejectedCount(HboneRejection.NO_CLIENT_CERTIFICATE)).isEqualTo(1));
            assertThat(tunnel.metrics.acceptedCount()).as("only the transfer's stream").isEqualTo(1);
            assertThat(oldServer.leaf()).isNotEqualTo(tunnel.serverCert.get().leaf());
        }
    }

    private static void assertNewHandshakePresents(TunnelFixture tunnel, X509Certificate expected) throws Exception {
        RawTls.Outcome fresh = RawTls.handshake(tunnel.clientLoops, tunnel.server.address(),
                TlsContexts.client(tunnel.clientCert.get(), tunnel.bundle.get(), Clock.systemUTC()));
        assertThat(fresh.failure()).isNull();
        assertThat(fresh.peerCertificates()[0]).isEqualTo(expected);
    }

    private static long crc(Socket s, long total) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try {
            InputStream in = s.getInputStream();
            for (long n = 0; n < total; ) {
                int r = in.read(buf);
                if (r < 0) {
                    throw new java.io.IOException("EOF after " + n + " bytes");
                }
                crc.update(buf, 0, r);
                n += r;
            }
            return crc.getValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
