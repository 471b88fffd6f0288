/**
 * Passthrough: plain TCP to destinations outside the mesh. {@link
 * dev.trellis.nodeagent.passthrough.PassthroughRelay} connects an accepted connection to its target and
 * copies bytes both ways with backpressure (AUTO_READ off, reads resumed by writability) and half-close.
 *
 * <p>Kept minimal and inside the node-agent on purpose: mesh-core's HBONE package will carry a general
 * relay for tunnel streams, and the two are to be merged there.
 */
package dev.trellis.nodeagent.passthrough;
