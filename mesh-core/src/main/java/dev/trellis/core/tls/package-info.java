/**
 * Mutual TLS for the mesh: workload certificates and trust bundles, PEM reading, SPIFFE identity of a peer
 * certificate, and Netty TLS contexts (TLS 1.3 only, BoringSSL with a JDK fallback) that are rebuilt when a
 * certificate or bundle rotates, so that new handshakes use the new material and open connections stay.
 */
package dev.trellis.core.tls;
