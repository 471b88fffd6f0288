/** Tests of the resilience decisions: tables and a movable clock, no I/O. */
package dev.trellis.waypoint.resilience;
