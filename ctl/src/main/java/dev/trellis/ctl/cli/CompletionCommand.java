package dev.trellis.ctl.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a shell completion script (bash; zsh loads it through bashcompinit). */
@Command(name = "completion", description = "Print a completion script for bash or zsh.",
        footer = {"", "Example: source <(meshctl completion bash)"})
public final class CompletionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    String shell;

    @Override
    public void run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new IllegalArgumentException("shell: '" + shell + "' (expected: bash or zsh)");
        }
        String script = AutoComplete.bash("meshctl", spec.root().commandLine());
        if (shell.equals("zsh")) {
            script = "autoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
    }
}
