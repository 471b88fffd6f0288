package dev.trellis.ctl.cli;

import dev.trellis.ctl.lab.LabConfig;
import dev.trellis.ctl.lab.LabMesh;
import dev.trellis.ctl.store.ControlPlaneTarget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the store API is: the local lab's control plane unless told otherwise. */
final class ControlPlaneOptions {
    @Option(names = "--control-plane", description = "host:port of the control plane (default: the lab's, "
            + LabMesh.GRPC_PORT + " on " + "198.18.0.1)")
    String address;

    @Option(names = "--ca-file", description = "PEM roots to verify the control plane with (default: the lab's)")
    Path caFile;

    @Option(names = "--token-file", description = "the store API's admin token (default: the lab's)")
    Path tokenFile;

    ControlPlaneTarget target() {
        Path state = LabConfig.DEFAULT_STATE_DIR;
        return new ControlPlaneTarget(address != null ? address : LabMesh.controlPlaneAddress(),
                ControlPlaneTarget.DEFAULT_AUTHORITY,
                caFile != null ? caFile : state.resolve("ca").resolve("root-cert.pem"),
                tokenFile != null ? tokenFile : LabMesh.adminTokenFile(state));
    }

    /** Whether the target is the local lab (so apply and delete also run its pods). */
    boolean isLab() {
        return address == null;
    }
}
