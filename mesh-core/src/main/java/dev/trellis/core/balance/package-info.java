/**
 * Load balancing shared by the node-agent and the waypoint: {@link dev.trellis.core.balance.LoadBalancer}
 * orders a service's healthy endpoints; round robin, least request (power of two choices over
 * {@link dev.trellis.core.balance.ActiveLoad}) and session affinity by rendezvous hashing.
 */
package dev.trellis.core.balance;
