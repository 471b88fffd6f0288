package dev.trellis.testing.netns;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need root skip with a reason on a developer's machine and fail in CI ({@code -Dtrellis.ci=true},
 * set by the build from the CI environment), where they must run.
 */
public final class RootRequirement {

    private RootRequirement() {
    }

    public static void check() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getProperty("trellis.ci"))) {
            throw new IllegalStateException("this test needs root, and CI runs as root");
        }
        Assumptions.assumeTrue(root, "needs root (network namespaces)");
    }
}
