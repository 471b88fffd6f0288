/**
 * HBONE, the mesh's tunnel: each tunnelled TCP connection is one HTTP/2 {@code CONNECT} stream over mutual
 * TLS 1.3 to port 15008. The server hands each stream to a {@link dev.trellis.core.hbone.HboneRequestHandler}
 * with the caller's verified identity; the client pools TLS connections per (source identity, destination
 * identity, destination address) and multiplexes streams on them. {@link dev.trellis.core.hbone.Relay} splices a
 * stream to a TCP connection with backpressure, half-close both ways and resets mapped to resets.
 */
package dev.trellis.core.hbone;
