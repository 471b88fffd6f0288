package dev.trellis.ctl.cli;

import dev.trellis.ctl.Meshctl;
import dev.trellis.ctl.lab.LabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of the command tree. */
@Command(name = "meshctl",
        mixinStandardHelpOptions = true,
        // Every subcommand answers --help (and --version) too.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionCommand.Provider.class,
        description = "Drive Trellis, the ambient service mesh: install it, opt namespaces in, inspect it, "
                + "and run it locally in a lab.",
        subcommands = {
            LabCommand.class,
            ApplyCommand.class,
            ApplyCommand.Delete.class,
            GetCommand.class,
            NamespaceCommand.class,
            WaypointCommand.class,
            StatusCommand.class,
            ConfigCommand.class,
            AuthzCommand.class,
            TopCommand.class,
            InstallCommand.class,
            InstallCommand.Uninstall.class,
            SampleCommand.class,
            CheckCommand.class,
            DemoCommand.class,
            VersionCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.",
            "Example: meshctl lab up --nodes 2"})
public final class MeshctlCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A command line with Trellis's error handling: a failure prints one clear line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MeshctlCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof LabException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return Meshctl.ExitCodes.FAILED;
            }
            throw e;
        });
        cl.setExitCodeExceptionMapper(e -> Meshctl.ExitCodes.USAGE);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
