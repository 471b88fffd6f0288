package dev.trellis.cni.chain;

import org.junit.jupiter.api.Assumptions;

/** Root-only tests skip on a developer's unprivileged machine but must run in CI (trellis.ci=true). */
final class RootOnly {
    private RootOnly() {
    }

    static void require() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getProperty("trellis.ci"))) {
            throw new AssertionError("CI must run the network-namespace tests as root (user: "
                    + System.getProperty("user.name") + ")");
        }
        Assumptions.assumeTrue(root, "network-namespace tests need root");
    }
}
