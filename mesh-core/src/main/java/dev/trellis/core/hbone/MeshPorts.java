package dev.trellis.core.hbone;

import java.util.Set;

/** The mesh's own ports (DESIGN.md). A tunnel whose final target is one of them is refused: no loops. */
public final class MeshPorts {

    public static final int OUTBOUND = 15001;
    public static final int INBOUND_PLAINTEXT = 15006;
    public static final int HBONE = 15008;
    public static final int ADMIN = 15000;
    public static final int METRICS = 15020;
    public static final int READINESS = 15021;
    public static final int DNS = 15053;
    public static final int CONTROL_PLANE = 15010;

    private static final Set<Integer> ALL = Set.of(OUTBOUND, INBOUND_PLAINTEXT, HBONE, ADMIN, METRICS, READINESS, DNS);

    private MeshPorts() {
    }

    /** Whether {@code port} is one a workload never serves on: the agent's own. */
    public static boolean isMeshPort(int port) {
        return ALL.contains(port);
    }
}
