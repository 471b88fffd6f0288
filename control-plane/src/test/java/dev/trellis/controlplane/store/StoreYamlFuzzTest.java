package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzzes the local store's way in: any text given to {@code meshctl apply} is either applied or refused with
 * an {@link InvalidResourceException} (or another {@link StoreException}) that names the source, never another
 * exception; and a refused apply leaves the store as it was, so the good object before it keeps serving.
 * The committed corpus in {@code StoreYamlFuzzTestInputs/} runs as a regression test in every build.
 */
class StoreYamlFuzzTest {
    private static final String GOOD = """
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: demo}
            spec:
              selector: {app: echo}
              ports: [{name: http, port: 80, targetPort: 8080}]
            """;

    @FuzzTest(maxDuration = "10s")
    void yamlIsAcceptedOrRefusedByName(String yaml) {
        if (yaml == null) {
            return;
        }
        LocalStore store = LocalStore.withDefaults();
        store.applyYaml(GOOD, "good.yaml");
        var before = store.snapshot().objects();
        try {
            List<Resource> read = YamlResourceReader.read(yaml, "fuzz.yaml");
            assertThat(read).doesNotContainNull();
        } catch (InvalidResourceException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.yaml");
        }
        try {
            store.applyYaml(yaml, "fuzz.yaml");
        } catch (StoreException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(store.snapshot().objects()).as("a refused apply changes nothing").isEqualTo(before);
        }
    }
}
