package dev.trellis.core.discovery;

import java.util.Objects;

/**
 * An HTTPRoute or GRPCRoute as discovery carries it to waypoints: its spec as JSON, compiled by the waypoint.
 *
 * @param kind {@code HTTPRoute} or {@code GRPCRoute}
 */
public record RouteSpec(String namespace, String name, String kind, String specJson) {
    public RouteSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(specJson, "specJson");
    }
}
