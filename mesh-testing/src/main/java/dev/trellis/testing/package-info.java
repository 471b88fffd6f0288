/**
 * Test support shared by every module: a test certificate authority, the network-namespace harness, fakes
 * for each boundary (CA, discovery, CNI peer) and a fake clock.
 */
package dev.trellis.testing;
