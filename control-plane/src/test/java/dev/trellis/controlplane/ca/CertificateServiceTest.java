package dev.trellis.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.api.ca.v1.CertificateServiceGrpc;
import dev.trellis.api.ca.v1.CreateCertificateRequest;
import dev.trellis.api.ca.v1.CreateCertificateResponse;
import dev.trellis.controlplane.server.BearerAuthentication;
import dev.trellis.controlplane.server.BearerTokens;
import dev.trellis.controlplane.server.ServerTls;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateRequests;
import dev.trellis.core.tls.CertificateSigner;
import dev.trellis.core.tls.Pem;
import dev.trellis.core.tls.SpiffeCertificates;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateServiceTest {
    private static final SpiffeId ON_NODE_1 = SpiffeId.of("demo", "echo");
    private static final SpiffeId ON_NODE_2 = SpiffeId.of("demo", "db");
    private static final String NODE_1_TOKEN = "token-of-node-1";

    private final CertificateAuthority ca = newCa();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private Server server;
    private ManagedChannel channel;

    private static CertificateAuthority newCa() {
        SigningAuthority root = CertificateAuthority.newRoot("cluster.local", Clock.systemUTC());
        return new CertificateAuthority(root, List.of(root.root()), Duration.ofHours(24), Duration.ofHours(48),
                Clock.systemUTC());
    }

    @BeforeEach
    void start() throws Exception {
        IssuancePolicy policy = new IssuancePolicy(node -> node.equals("node-1") ? Set.of(ON_NODE_1) : Set.of(ON_NODE_2));
        var tokens = BearerTokens.of(Map.of(BearerTokens.sha256(NODE_1_TOKEN), "node/node-1"));
        CertificateAuthority.Issued serverCert = ca.serverCertificate(
                List.of("trellis-control-plane.trellis-system.svc"), Duration.ofHours(1));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(ServerTls.context(serverCert.keys().getPrivate(), serverCert.chain()))
                .addService(ServerInterceptors.intercept(new CertificateServiceImpl(ca, policy, "cluster.local",
                        registry), new BearerAuthentication(() -> tokens)))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .overrideAuthority("trellis-control-plane.trellis-system.svc")
                .sslContext(GrpcSslContexts.forClient().trustManager(ca.roots().toArray(X509Certificate[]::new)).build())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private CreateCertificateResponse ask(String token, String csr, SpiffeId identity, long ttlSeconds) {
        return CertificateServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token))
                .withDeadlineAfter(10, TimeUnit.SECONDS).createCertificate(CreateCertificateRequest.newBuilder()
                        .setCsrPem(csr).setIdentity(identity.uri()).setTtlSeconds(ttlSeconds).build());
    }

    @Test
    void aNodeAgentGetsACertificateForAPodOnItsNodeThatChainsToTheRoot() throws Exception {
        KeyPair keys = CertificateSigner.newP256KeyPair();
        CreateCertificateResponse r = ask(NODE_1_TOKEN, CertificateRequests.csr(keys, ON_NODE_1), ON_NODE_1, 0);

        List<X509Certificate> chain = r.getCertificateChainPemList().stream()
                .flatMap(p -> Pem.certificates(p).stream()).toList();
        X509Certificate leaf = chain.getFirst();
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(SpiffeCertificates.identityOf(leaf)).isEqualTo(ON_NODE_1);
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(24).plus(CertificateAuthority.BACKDATE));
        assertThat(r.getTrustBundlePemList()).hasSize(1);
        verifies(chain, ca.roots());
    }

    @Test
    void refusalsCarryTheirStatusAndSayWhy() {
        KeyPair keys = CertificateSigner.newP256KeyPair();
        assertThatThrownBy(() -> ask(NODE_1_TOKEN, CertificateRequests.csr(keys, ON_NODE_2), ON_NODE_2, 0))
                .satisfies(e -> status(e, Status.Code.PERMISSION_DENIED,
                        "node-agent of node node-1 may not hold spiffe://cluster.local/ns/demo/sa/db"));
        assertThatThrownBy(() -> ask("stolen", CertificateRequests.csr(keys, ON_NODE_1), ON_NODE_1, 0))
                .satisfies(e -> status(e, Status.Code.UNAUTHENTICATED, "not known"));
        assertThatThrownBy(() -> ask(NODE_1_TOKEN, CertificateRequests.csr(keys, ON_NODE_2), ON_NODE_1, 0))
                .satisfies(e -> status(e, Status.Code.INVALID_ARGUMENT, "expected: exactly [spiffe://cluster.local/ns/demo/sa/echo]"));
        String twoSans = CertificateRequests.csr(keys, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.uniformResourceIdentifier, ON_NODE_1.uri()),
            new GeneralName(GeneralName.dNSName, "evil.example")}));
        assertThatThrownBy(() -> ask(NODE_1_TOKEN, twoSans, ON_NODE_1, 0))
                .satisfies(e -> status(e, Status.Code.INVALID_ARGUMENT, "DNS:evil.example"));
        assertThatThrownBy(() -> ask(NODE_1_TOKEN, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n", ON_NODE_1, 0))
                .satisfies(e -> status(e, Status.Code.INVALID_ARGUMENT, "csr:"));
        assertThatThrownBy(() -> ask(NODE_1_TOKEN, CertificateRequests.csr(keys, ON_NODE_1),
                new SpiffeId("other.domain", "demo", "echo"), 0))
                .satisfies(e -> status(e, Status.Code.INVALID_ARGUMENT, "not in the trust domain cluster.local"));
        var refused = (io.prometheus.metrics.model.snapshots.CounterSnapshot) registry.scrape().stream()
                .filter(m -> m.getMetadata().getName().equals("trellis_ca_certificates_refused")).findFirst().orElseThrow();
        assertThat(refused.getDataPoints().stream().filter(d -> "not_on_node".equals(d.getLabels().get("reason")))
                .mapToDouble(d -> d.getValue()).sum()).isEqualTo(1);
    }

    @Test
    void weakKeysAreRefusedAndLongLifetimesCapped() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        assertThatThrownBy(() -> ask(NODE_1_TOKEN, CertificateRequests.csr(weak, ON_NODE_1), ON_NODE_1, 0))
                .satisfies(e -> status(e, Status.Code.INVALID_ARGUMENT, "RSA key of 1024 bits"));

        CreateCertificateResponse r = ask(NODE_1_TOKEN, CertificateRequests.csr(CertificateSigner.newP256KeyPair(),
                ON_NODE_1), ON_NODE_1, Duration.ofDays(30).toSeconds());
        X509Certificate leaf = Pem.certificates(r.getCertificateChainPem(0)).getFirst();
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(48).plus(CertificateAuthority.BACKDATE));
    }

    @Test
    void duringARotationCertificatesOfBothRootsVerifyAgainstTheBundle() throws Exception {
        KeyPair keys = CertificateSigner.newP256KeyPair();
        X509Certificate oldRoot = ca.signer().root();
        List<X509Certificate> before = ca.sign(CertificateRequests.csr(keys, ON_NODE_1), ON_NODE_1, Duration.ZERO);

        X509Certificate newRoot = ca.rotateRoot("cluster.local");
        List<X509Certificate> after = ca.sign(CertificateRequests.csr(keys, ON_NODE_1), ON_NODE_1, Duration.ZERO);
        assertThat(ca.roots()).containsExactly(oldRoot, newRoot);
        verifies(before, ca.roots());
        verifies(after, ca.roots());
        assertThat(after.getFirst().getIssuerX500Principal()).isEqualTo(newRoot.getSubjectX500Principal());

        ca.retireRoot(oldRoot);
        assertThat(ca.roots()).containsExactly(newRoot);
        verifies(after, ca.roots());
        assertThatThrownBy(() -> verifies(before, ca.roots())).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> ca.retireRoot(newRoot)).hasMessageContaining("rotate first");
    }

    private static void status(Throwable e, Status.Code code, String text) {
        assertThat(e).isInstanceOf(StatusRuntimeException.class);
        Status s = ((StatusRuntimeException) e).getStatus();
        assertThat(s.getCode()).isEqualTo(code);
        assertThat(s.getDescription()).contains(text);
    }

    static void verifies(List<X509Certificate> chain, List<X509Certificate> roots) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters params = new PKIXParameters(roots.stream().map(r -> new TrustAnchor(r, null))
                .collect(Collectors.toSet()));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    private static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata m = new Metadata();
                m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                applier.apply(m);
            }
        };
    }
}
