package dev.trellis.controlplane;

/** Entry point of {@code control-plane}. The program itself lands with issue 3; until then it says so and exits 2. */
public final class ControlPlaneMain {
    private ControlPlaneMain() {
    }

    public static void main(String[] args) {
        System.err.println("control-plane: not built yet (issue 3)");
        System.exit(2);
    }
}
