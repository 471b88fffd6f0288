/**
 * The control plane: turns cluster state (Kubernetes or the local file store) into per-proxy resources,
 * streams them over gRPC, and runs the certificate authority.
 */
package dev.trellis.controlplane;
