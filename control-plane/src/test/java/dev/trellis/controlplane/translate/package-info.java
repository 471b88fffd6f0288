/** Table tests of the pure translation from store snapshots to the mesh model and per-node snapshots. */
package dev.trellis.controlplane.translate;
