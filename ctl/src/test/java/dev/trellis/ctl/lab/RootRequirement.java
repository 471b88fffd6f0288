package dev.trellis.ctl.lab;

import org.junit.jupiter.api.Assumptions;

/** Root-only tests skip with a reason on a developer's machine, and fail in CI, where they must run. */
final class RootRequirement {

    private RootRequirement() {
    }

    static void check() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getProperty("trellis.ci"))) {
            throw new IllegalStateException("this test needs root, and CI runs as root: run CI as root");
        }
        Assumptions.assumeTrue(root, "needs root (network namespaces)");
    }
}
