/**
 * The chained CNI plugin {@code trellis-cni} and its installer.
 */
package dev.trellis.cni;
