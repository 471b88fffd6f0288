package dev.trellis.e2e;

import org.junit.jupiter.api.Assumptions;

/** End-to-end tests need root; in CI (which runs as root) a non-root run fails instead of skipping. */
final class RootRequirement {

    private RootRequirement() {
    }

    static void check() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getProperty("trellis.ci"))) {
            throw new IllegalStateException("end-to-end tests need root, and CI runs as root");
        }
        Assumptions.assumeTrue(root, "needs root (network namespaces)");
    }
}
