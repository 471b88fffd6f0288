/**
 * The proxies' side of discovery (mesh-api {@code trellis.discovery.v1}): a client that subscribes to the
 * control plane, applies full and delta responses to a {@link dev.trellis.core.discovery.ResourceSet},
 * turns it into a {@link dev.trellis.core.model.MeshSnapshot}, ACKs what it could apply and NACKs what it
 * could not (keeping its last good state), and reconnects with backoff. {@link
 * dev.trellis.core.discovery.ResourceCodec} maps model records to protobuf and back; the control plane
 * uses the same codec to encode, so the two sides cannot disagree on the mapping.
 */
package dev.trellis.core.discovery;
