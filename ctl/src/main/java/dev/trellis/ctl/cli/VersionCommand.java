package dev.trellis.ctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints meshctl's version and the JVM it runs on. */
@Command(name = "version", description = "Print the version of meshctl.",
        footer = {"", "Example: meshctl version"})
public final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    @Override
    public void run() {
        spec.commandLine().getOut().println("meshctl " + version() + " (Java " + Runtime.version() + ")");
    }

    /** Feeds {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"meshctl " + version()};
        }
    }
}
