/**
 * Outbound: where a captured connection from a local workload goes. {@link
 * dev.trellis.nodeagent.outbound.OutboundPlanner} turns (source workload, original destination, snapshot)
 * into an {@link dev.trellis.nodeagent.outbound.OutboundPlan} — pure data, computed before any I/O — with the
 * upstreams to try in order; the load balancers order a service's endpoints.
 */
package dev.trellis.nodeagent.outbound;
