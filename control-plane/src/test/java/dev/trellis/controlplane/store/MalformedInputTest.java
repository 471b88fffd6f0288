package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Cut and garbled versions of a valid file: each is either read or refused with an
 * {@link InvalidResourceException}, never another exception, and a refused one leaves the store as it was.
 */
class MalformedInputTest {

    private static final String VALID = YamlResourceReaderTest.ALL_KINDS;
    private static final String NOISE = ":{}[]-,'\"&*!#|>%@` \n\t0x~.";

    @Test
    void everyPrefixIsReadOrRefusedCleanly() {
        for (int end = 0; end <= VALID.length(); end += 3) {
            readOrRefuse(VALID.substring(0, end));
        }
    }

    @Test
    void garbledCharactersAreReadOrRefusedCleanly() {
        Random random = new Random(20261125L);
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            char[] text = VALID.toCharArray();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                text[random.nextInt(text.length)] = NOISE.charAt(random.nextInt(NOISE.length()));
            }
            refused += readOrRefuse(new String(text)) ? 0 : 1;
        }
        assertThat(refused).as("most garbled files are refused").isGreaterThan(1000);
    }

    @Test
    void aRefusedFileLeavesTheStoreAsItWas() {
        LocalStore store = LocalStore.withDefaults();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            store.applyYaml(VALID, "shop.yaml");
            StoreSnapshot before = store.snapshot();
            char[] text = VALID.toCharArray();
            text[random.nextInt(text.length)] = NOISE.charAt(random.nextInt(NOISE.length()));
            try {
                store.applyYaml(new String(text), "shop.yaml");
            } catch (StoreException e) {
                assertThat(store.snapshot()).isSameAs(before);
            }
        }
    }

    /** Whether {@code text} was read; fails the test on any exception but a refusal. */
    private static boolean readOrRefuse(String text) {
        try {
            YamlResourceReader.read(text, "cut.yaml");
            return true;
        } catch (InvalidResourceException e) {
            assertThat(e.getMessage()).startsWith("cut.yaml");
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("unexpected " + e + " for:\n" + text, e);
        }
    }
}
