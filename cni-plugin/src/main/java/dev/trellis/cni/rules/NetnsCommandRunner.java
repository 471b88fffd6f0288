package dev.trellis.cni.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command inside a network namespace. Today {@link NsenterCommandRunner}; the node-agent may later run
 * the same tools from a thread that entered the namespace with {@code setns} (mesh-linux), saving one exec.
 */
@FunctionalInterface
public interface NetnsCommandRunner {
    Result run(Path netns, List<String> command, String stdin) throws IOException;

    /** A finished command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
