package dev.trellis.ctl.cli;

import picocli.CommandLine.Option;

/** The options that name one waypoint: its namespace and its name. */
final class WaypointName {
    @Option(names = {"-n", "--namespace"}, required = true, description = "the namespace")
    String namespace;

    @Option(names = "--name", defaultValue = "waypoint", description = "its name (default: ${DEFAULT-VALUE})")
    String name;
}
