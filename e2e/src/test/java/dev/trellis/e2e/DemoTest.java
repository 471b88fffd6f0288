package dev.trellis.e2e;

import dev.trellis.testing.netns.RootRequirement;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code make demo} as a newcomer runs it: it finishes, shows the app answering across nodes, leaves nothing. */
class DemoTest {

    private final Meshctl meshctl = new Meshctl();

    @BeforeEach
    void requireRootAndNoLab() {
        RootRequirement.check();
        assertThat(LeakCheck.leftovers()).as("a lab is already up on this host; run 'meshctl lab down'").isEmpty();
    }

    @Test
    void demoRunsEndToEndAndCleansUp() {
        Meshctl.Result demo = meshctl.run(Duration.ofMinutes(2), "demo").assertOk();
        assertThat(demo.stdout())
                .contains("[1/7]", "[7/7]")
                .contains("\"pod\":\"echo-v1\"", "\"protocol\":\"HTTP/1.1\"", "\"protocol\":\"HTTP/2\"")
                .contains("\"query\":\"from=demo\"", "connection_security_policy=\"mutual_tls\"")
                .containsPattern("with the policy: curl: \\(56\\)")
                .containsPattern("without it: +\\{\"pod\":\"echo-v1\"")
                .containsPattern("50 requests: (4[0-9]|3[6-9]|50) answered by v1, ([0-9]|1[0-4]) by v2")
                .contains("with x-version: v2: \"version\":\"v2\"")
                .contains("with an L7 policy denying DELETE: DELETE answers HTTP 403, GET answers HTTP 200");
        assertThat(LeakCheck.leftovers()).isEmpty();
    }
}
