/**
 * The waypoint: the L7 proxy for HTTP/1.1, HTTP/2 and gRPC that applies routes and L7 policy.
 */
package dev.trellis.waypoint;
