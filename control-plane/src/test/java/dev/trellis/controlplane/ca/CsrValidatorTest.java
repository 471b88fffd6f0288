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

    /** The DER ends with the signature's last INTEGER byte: changing it keeps the structure, breaks the signature. */
    private static String flipLastSignatureByte(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        der[der.length - 1] ^= 0x01;
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
