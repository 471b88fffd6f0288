/** Table tests of routing and L7 authorization as pure functions. */
package dev.trellis.waypoint.route;
