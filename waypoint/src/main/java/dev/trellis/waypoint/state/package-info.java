/**
 * The waypoint's view of the mesh: one immutable {@link dev.trellis.waypoint.state.WaypointSnapshot}
 * (services, workloads, policies and compiled routes), published whole through
 * {@link dev.trellis.waypoint.state.WaypointState}.
 */
package dev.trellis.waypoint.state;
