package dev.trellis.ctl;

import dev.trellis.ctl.cli.MeshctlCommand;
import picocli.CommandLine;

/** Entry point of {@code meshctl}. Exit codes are documented in {@link ExitCodes}. */
public final class Meshctl {

    private Meshctl() {
    }

    public static void main(String[] args) {
        System.exit(MeshctlCommand.commandLine().execute(args));
    }

    /** Runs meshctl in-process (tests) and returns its exit code. */
    public static int run(String... args) {
        return MeshctlCommand.commandLine().execute(args);
    }

    /** Which exit code means what, for scripts. */
    public static final class ExitCodes {
        /** The command did what was asked. */
        public static final int OK = 0;
        /** The command ran and failed (the error says why and what to do). */
        public static final int FAILED = 1;
        /** The command line was wrong (unknown command or flag, missing argument). */
        public static final int USAGE = 2;

        private ExitCodes() {
        }
    }
}
