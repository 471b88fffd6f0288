/**
 * Translation: a pure function from a {@link dev.trellis.controlplane.store.StoreSnapshot} to the mesh-core
 * model ({@link dev.trellis.core.model}) — workloads, services with endpoints and waypoints, authorization
 * and traffic policies — and from that model to one {@link dev.trellis.core.model.MeshSnapshot} per
 * node-agent, each with a content-hash version.
 *
 * <p>Nothing here does I/O, reads a clock or keeps state: the same store snapshot always gives equal output
 * with equal versions, which is what the table tests check.
 */
package dev.trellis.controlplane.translate;
