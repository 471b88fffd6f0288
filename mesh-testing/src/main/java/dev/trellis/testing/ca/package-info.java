/**
 * A certificate authority for tests (Bouncy Castle): roots, intermediates, workload certificates, and the bad
 * ones a mesh must refuse (expired, not yet valid, wrong identity, no SPIFFE ID, from an untrusted root).
 */
package dev.trellis.testing.ca;
