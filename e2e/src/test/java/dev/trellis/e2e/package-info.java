/**
 * End-to-end tests: the mesh in network namespaces, driven as a user drives it.
 */
package dev.trellis.e2e;
