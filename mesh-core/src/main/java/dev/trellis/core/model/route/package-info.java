/**
 * Compiled Gateway API routes ({@code HTTPRoute}, {@code GRPCRoute}) as the waypoint applies them: which
 * service ports a route is attached to, the rules with their matches, filters, weighted backends and
 * timeouts.
 *
 * <p>The control plane compiles the Kubernetes objects into these records (validating every field); the
 * waypoint reads them from its snapshot. All records are deeply immutable and safe to share across event
 * loops.
 */
package dev.trellis.core.model.route;
