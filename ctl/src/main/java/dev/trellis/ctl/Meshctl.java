package dev.trellis.ctl;

/** Entry point of {@code meshctl}. The program itself lands with issue 7; until then it says so and exits 2. */
public final class Meshctl {
    private Meshctl() {
    }

    public static void main(String[] args) {
        System.err.println("meshctl: not built yet (issue 7)");
        System.exit(2);
    }
}
