package dev.trellis.cni;

/** Entry point of {@code trellis-cni}. The program itself lands with issue 4; until then it says so and exits 2. */
public final class CniMain {
    private CniMain() {
    }

    public static void main(String[] args) {
        System.err.println("trellis-cni: not built yet (issue 4)");
        System.exit(2);
    }
}
