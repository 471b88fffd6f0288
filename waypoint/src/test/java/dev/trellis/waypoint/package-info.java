/** Tests of the waypoint's configuration parsing. */
package dev.trellis.waypoint;
