package dev.trellis.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateRequests;
import dev.trellis.core.tls.CertificateSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void theRootMadeOnFirstStartIsTheOneLoadedAfterARestartAndItsKeyIsPrivate() throws Exception {
        CaDirectory.Contents first = new CaDirectory(dir.resolve("ca")).loadOrCreate("cluster.local", Clock.systemUTC());
        CaDirectory.Contents again = new CaDirectory(dir.resolve("ca")).loadOrCreate("cluster.local", Clock.systemUTC());
        assertThat(again.signer().root()).isEqualTo(first.signer().root());
        assertThat(again.signer().key()).isEqualTo(first.signer().key());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca").resolve("ca-key.pem"))))
                .isEqualTo("rw-------");

        CertificateAuthority ca = new CertificateAuthority(again.signer(), again.roots(), Duration.ofHours(1),
                Duration.ofHours(1), Clock.systemUTC());
        SpiffeId id = SpiffeId.of("demo", "echo");
        List<X509Certificate> chain = ca.sign(CertificateRequests.csr(CertificateSigner.newP256KeyPair(), id), id,
                Duration.ZERO);
        CertificateServiceTest.verifies(chain, first.roots());
    }

    @Test
    void aRotatedBundleIsSavedAndAnOperatorsIntermediateIsUsedAsGiven() throws Exception {
        CaDirectory store = new CaDirectory(dir.resolve("ca"));
        CaDirectory.Contents created = store.loadOrCreate("cluster.local", Clock.systemUTC());
        CertificateAuthority ca = new CertificateAuthority(created.signer(), created.roots(), Duration.ofHours(1),
                Duration.ofHours(1), Clock.systemUTC());
        ca.rotateRoot("cluster.local");
        store.save(new CaDirectory.Contents(ca.signer(), ca.roots()));
        assertThat(store.load().roots()).hasSize(2).containsExactlyElementsOf(ca.roots());

        // An intermediate signed by the operator's own root, given as files.
        SigningAuthority operatorRoot = CertificateAuthority.newRoot("cluster.local", Clock.systemUTC());
        var keys = CertificateSigner.newP256KeyPair();
        var now = java.time.Instant.now();
        X509Certificate intermediate = CertificateSigner.sign(CertificateSigner.Request.authority(
                new org.bouncycastle.asn1.x500.X500Name("CN=operator intermediate"), keys.getPublic(), now,
                now.plus(Duration.ofDays(30))), new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(
                operatorRoot.root()).getSubject(), operatorRoot.key());
        CaDirectory given = new CaDirectory(dir.resolve("operator"));
        given.save(new CaDirectory.Contents(new SigningAuthority(intermediate, keys.getPrivate(), List.of(),
                operatorRoot.root()), List.of(operatorRoot.root())));
        CaDirectory.Contents loaded = given.loadOrCreate("cluster.local", Clock.systemUTC());
        CertificateAuthority byOperator = new CertificateAuthority(loaded.signer(), loaded.roots(),
                Duration.ofHours(1), Duration.ofHours(1), Clock.systemUTC());
        SpiffeId id = SpiffeId.of("demo", "echo");
        List<X509Certificate> chain = byOperator.sign(CertificateRequests.csr(CertificateSigner.newP256KeyPair(), id),
                id, Duration.ZERO);
        assertThat(chain).hasSize(2).element(1).isEqualTo(intermediate);
        CertificateServiceTest.verifies(chain, List.of(operatorRoot.root()));
    }

    @Test
    void aBrokenDirectoryIsRefusedNamingTheFile() throws Exception {
        CaDirectory store = new CaDirectory(dir.resolve("ca"));
        store.loadOrCreate("cluster.local", Clock.systemUTC());
        Files.delete(dir.resolve("ca").resolve("root-cert.pem"));
        assertThatThrownBy(store::load).hasMessageContaining("root-cert.pem: missing");
    }
}
