/**
 * Tests of mesh-core's HBONE tunnel with real sockets and real TLS on loopback. They live in mesh-testing
 * because they use its test CA, which itself depends on mesh-core.
 */
package dev.trellis.core.hbone;
