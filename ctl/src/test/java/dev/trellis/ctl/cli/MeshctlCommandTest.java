package dev.trellis.ctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MeshctlCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = MeshctlCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void versionPrintsTheVersion() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).startsWith("meshctl 0.1.0");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void completionForBashAndZshButNotOtherShells() {
        assertThat(run("completion", "bash")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("lab");
        assertThat(run("completion", "zsh")).isZero();
        assertThat(out.toString()).contains("bashcompinit");
        assertThat(run("completion", "fish")).isEqualTo(1);
        assertThat(err.toString()).contains("error: shell: 'fish' (expected: bash or zsh)");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        CommandLine root = MeshctlCommand.commandLine();
        assertHelpHasExample(root);
    }

    @Test
    void everyCommandAnswersHelpWithoutItsRequiredArguments() {
        assertAnswersHelp(MeshctlCommand.commandLine(), List.of());
    }

    private void assertAnswersHelp(CommandLine cl, List<String> path) {
        if (cl.getCommandName().equals("help")) {
            return;
        }
        List<String> args = new java.util.ArrayList<>(path);
        args.add("--help");
        out.getBuffer().setLength(0);
        assertThat(run(args.toArray(String[]::new))).as("meshctl %s", String.join(" ", args)).isZero();
        assertThat(out.toString()).as("meshctl %s", String.join(" ", args)).contains("Usage: ");
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new java.util.ArrayList<>(path);
            deeper.add(name);
            assertAnswersHelp(sub, deeper);
        });
    }

    private static void assertHelpHasExample(CommandLine cl) {
        if (!cl.getCommandName().equals("help")) {
            assertThat(cl.getUsageMessage()).as("help of %s", cl.getCommandName()).contains("Example: ");
        }
        cl.getSubcommands().values().forEach(MeshctlCommandTest::assertHelpHasExample);
    }
}
