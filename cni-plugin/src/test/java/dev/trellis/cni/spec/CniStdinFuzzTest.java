package dev.trellis.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * Fuzzes what a container runtime writes to the plugin's stdin, for each command: every input is either
 * parsed into a request or refused with a {@link CniException} carrying a specification error code, never
 * another exception (which would reach the runtime as a stack trace instead of the JSON error form). The
 * committed corpus in {@code CniStdinFuzzTestInputs/} runs as a regression test in every build.
 */
class CniStdinFuzzTest {
    private static final Map<String, String> ADD = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c1",
            "CNI_NETNS", "/var/run/netns/trl-fuzz", "CNI_IFNAME", "eth0",
            "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=demo;K8S_POD_NAME=echo");
    private static final Map<String, String> DEL = Map.of("CNI_COMMAND", "DEL", "CNI_CONTAINERID", "c1",
            "CNI_IFNAME", "eth0");
    private static final Map<String, String> GC = Map.of("CNI_COMMAND", "GC");

    @FuzzTest(maxDuration = "10s")
    void stdinIsParsedOrRefusedWithACode(String stdin) {
        if (stdin == null) {
            return; // Jazzer's null String; CniMain reads stdin to a (possibly empty) string, never null
        }
        for (Map<String, String> env : java.util.List.of(ADD, DEL, GC)) {
            try {
                CniRequest request = CniRequestParser.parse(env, stdin);
                assertThat(request.config()).isNotNull();
            } catch (CniException refused) {
                assertThat(refused.code()).isNotNull();
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
        assertThat(CniRequestParser.versionForReply(stdin)).isNotBlank();
    }
}
