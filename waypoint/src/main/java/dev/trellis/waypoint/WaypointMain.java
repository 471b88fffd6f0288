package dev.trellis.waypoint;

/** Entry point of {@code waypoint}. The program itself lands with issue 6; until then it says so and exits 2. */
public final class WaypointMain {
    private WaypointMain() {
    }

    public static void main(String[] args) {
        System.err.println("waypoint: not built yet (issue 6)");
        System.exit(2);
    }
}
