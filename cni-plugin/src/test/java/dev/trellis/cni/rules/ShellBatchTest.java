package dev.trellis.cni.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellBatchTest {
    @Test
    void stepsFeedTheirInputAndTheExitCodeNamesTheFailingStep() throws Exception {
        ShellBatch batch = new ShellBatch()
                .step("first", List.of("cat"), "a 'quoted' $HOME line\n")
                .step("second", List.of("sh", "-c", "cat; exit 3"), "b")
                .step("third", List.of("cat"), "never");
        Result result = sh(batch.script());
        assertThat(result.stdout()).isEqualTo("a 'quoted' $HOME line\nb\n");
        assertThat(batch.stepName(result.exitCode())).isEqualTo("second");
        assertThat(batch.stepName(1)).isEqualTo("start (exit 1)");
    }

    @Test
    void readScriptSplitsSectionsAndToleratesOptionalFailures() throws Exception {
        String script = ShellBatch.readScript(List.of(List.of("echo", "one"), List.of("false"), List.of("printf",
                "x\\ny")), List.of(false, true, false));
        Result result = sh(script);
        assertThat(result.exitCode()).isZero();
        assertThat(ShellBatch.sections(result.stdout(), 3)).containsExactly("one\n", "", "x\ny\n");
        assertThatThrownBy(() -> ShellBatch.sections(result.stdout(), 4)).hasMessageContaining("(expected: 4)");
        Result failing = sh(ShellBatch.readScript(List.of(List.of("true"), List.of("false")), List.of(false, false)));
        assertThat(failing.exitCode()).isEqualTo(ShellBatch.FIRST_STEP_EXIT + 1);
    }

    @Test
    void refusesInputThatWouldEndTheHereDocument() {
        assertThatThrownBy(() -> new ShellBatch().step("s", List.of("cat"), "@@TRELLIS_INPUT_END@@\n"))
                .hasMessageContaining("delimiter");
    }

    private static Result sh(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out);
    }

    private record Result(int exitCode, String stdout) {
    }
}
