/**
 * The mesh as the proxies see it: immutable records for workloads, services, authorization policies and
 * traffic policies, gathered in one {@link dev.trellis.core.model.MeshSnapshot}.
 *
 * <p>These are the domain types every proxy codes against. Protobuf types are translated into them at the
 * discovery edge and never travel further. All records are deeply immutable (lists and maps are copied with
 * {@code List.copyOf} / {@code Map.copyOf}), so a snapshot can be shared across event loops without locks.
 */
package dev.trellis.core.model;
