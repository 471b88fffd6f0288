package dev.trellis.core.hbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.testing.ca.TestCa;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Everything the HBONE server must refuse: each gives the caller a distinct error, is counted under its own
 * reason, and leaves a healthy tunnel on the same server undisturbed.
 */
class HboneRejectionTest {

    private TunnelFixture tunnel;
    private Socket healthy;

    @BeforeEach
    void start() throws Exception {
        tunnel = new TunnelFixture(HboneSettings.DEFAULT);
        healthy = new Socket("127.0.0.1", tunnel.entry.address().getPort());
        healthy.setSoTimeout(10_000);
        assertEchoes(healthy, "before");
    }

    @AfterEach
    void stop() throws Exception {
        // The tunnel opened before all the refusals still carries bytes.
        assertEchoes(healthy, "after");
        healthy.close();
        tunnel.close();
    }

    @Test
    void wrongServerIdentityFailsOnTheClient() {
        HboneTarget impostor = tunnel.target(SpiffeId.of("shop", "payments"), "127.0.0.1:" + tunnel.echo.port());
        assertThatThrownBy(() -> tunnel.client.open(impostor, tunnel.clientCert.get()).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(HboneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HboneException.Kind.WRONG_SERVER_IDENTITY);
                    assertThat(e.getMessage()).contains("presented spiffe://cluster.local/ns/shop/sa/echo")
                            .contains("expected: spiffe://cluster.local/ns/shop/sa/payments");
                });
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        SslContext noCert = SslContextBuilder.forClient().protocols("TLSv1.3")
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        RawTls.Outcome outcome = RawTls.handshake(tunnel.clientLoops, tunnel.server.address(), noCert);
        assertCounted(HboneRejection.NO_CLIENT_CERTIFICATE);
        assertThat(outcome.failure()).isNotNull();
    }

    @Test
    void expiredCertificateIsRefused() throws Exception {
        Instant now = Instant.now();
        WorkloadCertificate expired = tunnel.ca.issue(TunnelFixture.CLIENT_ID, now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1)));
        HboneException e = openFails(expired);
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(HboneException.Kind.HANDSHAKE_FAILED);
        assertThat(e.getMessage()).containsIgnoringCase("certificate_expired");
        assertCounted(HboneRejection.CERTIFICATE_EXPIRED);
    }

    @Test
    void certificateFromAnUntrustedRootIsRefused() throws Exception {
        WorkloadCertificate foreign = TestCa.root("someone-else").issue(TunnelFixture.CLIENT_ID);
        HboneException e = openFails(foreign);
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(HboneException.Kind.HANDSHAKE_FAILED);
        assertThat(e.getMessage()).doesNotContainIgnoringCase("certificate_expired");
        assertCounted(HboneRejection.UNTRUSTED_ROOT);
    }

    @Test
    void certificateWithoutSpiffeIdIsRefused() throws Exception {
        TestCa.Credentials dnsOnly = tunnel.ca.dnsOnly("cart.shop.svc.cluster.local");
        SslContext ctx = SslContextBuilder.forClient().protocols("TLSv1.3")
                .keyManager(dnsOnly.privateKey(), dnsOnly.chainArray())
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        RawTls.handshake(tunnel.clientLoops, tunnel.server.address(), ctx);
        assertCounted(HboneRejection.NOT_SPIFFE);
    }

    @Test
    void tls12IsRefused() throws Exception {
        TestCa.Credentials c = tunnel.ca.credentials(List.of(TunnelFixture.CLIENT_ID.uri()), List.of(),
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        SslContext tls12 = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.2")
                .keyManager(c.privateKey(), c.chainArray())
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        RawTls.Outcome outcome = RawTls.handshake(tunnel.clientLoops, tunnel.server.address(), tls12);
        assertThat(outcome.failure()).isNotNull();
        assertCounted(HboneRejection.PROTOCOL_VERSION);
    }

    @Test
    void plainHttpAndGarbageAreRefused() throws Exception {
        sendRaw("GET / HTTP/1.1\r\nHost: echo\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        sendRaw(new byte[] {0x00, 0x13, 0x37, (byte) 0xff, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42});
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(tunnel.metrics.rejectedCount(HboneRejection.NOT_TLS)).isEqualTo(2));
    }

    @Test
    void connectWithoutAuthorityIsABadRequest() {
        HboneException e = connectFails("");
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(HboneException.Kind.REFUSED);
        assertThat(e.status()).isEqualTo(400);
        assertThat(connectFails("echo.shop:80").status()).isEqualTo(400);
        assertThat(tunnel.metrics.rejectedCount(HboneRejection.BAD_AUTHORITY)).isEqualTo(2);
    }

    @Test
    void connectToAMeshPortIsRefused() {
        for (int port : new int[] {15001, 15006, 15008, 15000, 15020, 15021}) {
            assertThat(connectFails("127.0.0.1:" + port).status()).isEqualTo(400);
        }
        assertThat(tunnel.metrics.rejectedCount(HboneRejection.MESH_PORT)).isEqualTo(6);
    }

    @Test
    void unreachableUpstreamAnswers503() throws IOException {
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HboneException e = connectFails("127.0.0.1:" + closedPort);
        assertThat(e.status()).isEqualTo(503);
        assertCounted(HboneRejection.UPSTREAM_FAILED);
    }

    private HboneException openFails(WorkloadCertificate source) {
        // A client of its own: the fixture's client already pools a good connection for this identity.
        try (HboneClient fresh = new HboneClient(tunnel.clientLoops, tunnel.bundle::get, HboneSettings.DEFAULT,
                Clock.systemUTC())) {
            fresh.open(tunnel.echoTarget(), source).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (HboneException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the tunnel opened, but the server should have refused " + source);
    }

    private HboneException connectFails(String authority) {
        HboneTarget target = new HboneTarget(tunnel.server.address(), TunnelFixture.SERVER_ID, authority, Map.of());
        try {
            tunnel.client.open(target, tunnel.clientCert.get()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (HboneException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("CONNECT " + authority + " was accepted");
    }

    private void sendRaw(byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", tunnel.server.address().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(bytes);
            assertThat(s.getInputStream().read()).as("the server closes without answering").isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // A reset is as good as a close here.
        }
    }

    private void assertCounted(HboneRejection reason) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(tunnel.metrics.rejectedCount(reason)).as(reason.label()).isEqualTo(1));
        for (HboneRejection other : HboneRejection.values()) {
            if (other != reason) {
                assertThat(tunnel.metrics.rejectedCount(other)).as(other.label()).isZero();
            }
        }
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        byte[] back = new byte[text.length()];
        new DataInputStream(s.getInputStream()).readFully(back);
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(text);
    }

}
