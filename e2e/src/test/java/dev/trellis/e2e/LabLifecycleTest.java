package dev.trellis.e2e;

import dev.trellis.testing.netns.RootRequirement;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lab's life cycle driven through meshctl only: up (twice), status, down, and no leftovers. */
class LabLifecycleTest {

    private final Meshctl meshctl = new Meshctl();

    @BeforeEach
    void requireRootAndNoLab() {
        RootRequirement.check();
        assertThat(LeakCheck.leftovers()).as("a lab is already up on this host; run 'meshctl lab down'").isEmpty();
    }

    @AfterEach
    void down() {
        meshctl.run("lab", "down");
    }

    @Test
    void upIsIdempotentAndDownLeavesNothing() throws Exception {
        Meshctl.Result up = meshctl.run("lab", "up", "--nodes", "3").assertOk();
        assertThat(up.stdout()).contains("node-1", "node-3", "198.18.103.0/24");
        meshctl.run("lab", "up", "--nodes", "3").assertOk();

        Meshctl.Result status = meshctl.run("lab", "status", "-o", "json").assertOk();
        assertThat(status.stdout()).contains("\"nodes\" : 3");
        assertThat(LeakCheck.leftovers()).contains("netns trl-lab-node-1", "netns trl-lab-node-3", "link trl-lab0");
        java.nio.file.Path launcher = java.nio.file.Path.of("/var/run/trellis-lab/cni/bin/trellis-cni");
        assertThat(launcher).as("pods start through trellis-cni installed as a node's installer installs it")
                .isExecutable();
        assertThat(java.nio.file.Files.readAllBytes(launcher)).as("the fast launcher").startsWith(0x7f, 'E', 'L', 'F');
        assertThat(launcher.resolveSibling("trellis-cni-jvm")).content()
                .contains("-XX:AOTCache=/var/run/trellis-lab/cni/runtime/trellis-cni.aot");

        Meshctl.Result shrink = meshctl.run("lab", "up", "--nodes", "2");
        assertThat(shrink.exitCode()).isEqualTo(1);
        assertThat(shrink.stderr()).contains("already has 3 nodes");

        meshctl.run("lab", "down").assertOk();
        assertThat(LeakCheck.leftovers()).isEmpty();
        assertThat(launcher).doesNotExist();
        assertThat(meshctl.run("lab", "status").assertOk().stdout()).contains("the lab is down");
    }

    @Test
    void execInAMissingPodSaysWhichPodsExist() {
        meshctl.run("lab", "up", "--nodes", "1").assertOk();
        Meshctl.Result r = meshctl.run("lab", "exec", "-n", "shop", "nope", "--", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("error: no pod shop/nope in the lab");
    }
}
