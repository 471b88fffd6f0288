/**
 * Routing and authorization as pure functions: from a request's attributes and the published state to a
 * {@link dev.trellis.waypoint.route.RoutingDecision} or an authorization verdict. No I/O here; the proxy
 * handlers carry the decisions out.
 */
package dev.trellis.waypoint.route;
