package dev.trellis.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the SPIFFE ID parser, which sees every peer certificate's URI SAN: any string either parses into an
 * ID that formats back to the same string, or is refused with {@link InvalidSpiffeIdException} — never
 * another exception. The committed corpus in {@code SpiffeIdFuzzTestInputs/} runs as a regression test.
 */
class SpiffeIdFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseNeverThrowsUnexpectedly(String input) {
        SpiffeId id;
        try {
            id = SpiffeId.parse(input);
        } catch (InvalidSpiffeIdException expected) {
            return;
        }
        assertThat(id.uri()).isEqualTo(input);
    }
}
