package dev.trellis.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateRequests;
import dev.trellis.core.tls.CertificateSigner;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The CSR checks, with real CSRs: the signature (verified by Bouncy Castle), the identity. */
class CsrValidatorTest {
    private static final SpiffeId ECHO = SpiffeId.of("demo", "echo");

    @Test
    void aGoodCsrGivesItsKey() throws Exception {
        KeyPair keys = CertificateSigner.newP256KeyPair();

        assertThat(CsrValidator.validate(CertificateRequests.csr(keys, ECHO), ECHO)).isEqualTo(keys.getPublic());
    }

    @Test
    void aCsrWhoseSignatureDoesNotVerifyIsRefused() {
        String csr = CertificateRequests.csr(CertificateSigner.newP256KeyPair(), ECHO);
        String tampered = flipLastSignatureByte(csr);

        assertThatThrownBy(() -> CsrValidator.validate(tampered, ECHO)).isInstanceOf(CsrRejectedException.class)
                .satisfies(e -> assertThat(((CsrRejectedException) e).reason()).isEqualTo("signature"));
    }

    @Test
    void aCsrForAnotherIdentityIsRefused() {
        String csr = CertificateRequests.csr(CertificateSigner.newP256KeyPair(), SpiffeId.of("demo", "other"));

        assertThatThrownBy(() -> CsrValidator.validate(csr, ECHO)).isInstanceOf(CsrRejectedException.class)
                .satisfies(e -> assertThat(((CsrRejectedException) e).reason()).isEqualTo("san"));
    }

    @Test
    void aKeyOnAnother256BitCurveIsRefused() throws Exception {
        java.security.KeyPairGenerator k1 = java.security.KeyPairGenerator.getInstance("EC",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        k1.initialize(new java.security.spec.ECGenParameterSpec("secp256k1"));
        String csr = csrSignedByBouncyCastle(k1.generateKeyPair(), ECHO);

        assertThatThrownBy(() -> CsrValidator.validate(csr, ECHO)).isInstanceOf(CsrRejectedException.class)
                .satisfies(e -> assertThat(((CsrRejectedException) e).reason()).isEqualTo("key"))
                .hasMessageContaining("expected: P-256");
    }

    /** A CSR made with Bouncy Castle's provider, for curves the JDK cannot sign with. */
    private static String csrSignedByBouncyCastle(KeyPair keys, SpiffeId id) throws Exception {
        var extensions = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        extensions.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, true,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, id.uri())));
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("O=test"), keys.getPublic())
                .addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        extensions.generate())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(keys.getPrivate()));
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(request.getEncoded())
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /** The DER ends with the signature's last INTEGER byte: changing it keeps the structure, breaks the signature. */
    private static String flipLastSignatureByte(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        der[der.length - 1] ^= 0x01;
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
