package dev.trellis.controlplane.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trellis.core.identity.SpiffeId;
import java.util.Base64;
import java.util.Set;

/**
 * Fuzzes the CA's CSR checks with hostile requests: raw text, and arbitrary DER inside PEM armour (so the bytes
 * reach the ASN.1 parser). Each is refused with a {@link CsrRejectedException} carrying one of the metric
 * reasons, never another exception, and nothing random is ever accepted for an identity.
 */
class CsrFuzzTest {
    private static final SpiffeId ECHO = SpiffeId.of("demo", "echo");
    private static final Set<String> REASONS = Set.of("malformed", "signature", "key", "san", "ttl");

    @FuzzTest(maxDuration = "10s")
    void csrIsSignedOnlyWhenValidOrRefusedWithAReason(FuzzedDataProvider data) {
        boolean armoured = data.consumeBoolean();
        String csr = armoured
                ? "-----BEGIN CERTIFICATE REQUEST-----\n"
                        + Base64.getMimeEncoder().encodeToString(data.consumeRemainingAsBytes())
                        + "\n-----END CERTIFICATE REQUEST-----\n"
                : data.consumeRemainingAsString();
        try {
            CsrValidator.validate(csr, ECHO);
            throw new AssertionError("a fuzzed CSR was accepted: " + csr);
        } catch (CsrRejectedException refused) {
            assertThat(REASONS).contains(refused.reason());
            assertThat(refused.getMessage()).startsWith("csr");
        }
    }
}
