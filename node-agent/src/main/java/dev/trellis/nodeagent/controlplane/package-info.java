/**
 * The node-agent's connection to the control plane: one TLS gRPC channel (verified against the mesh's roots
 * from a file), the node's bearer token re-read for every call, discovery into {@link
 * dev.trellis.nodeagent.state.ProxyState}, and the CA client ({@link
 * dev.trellis.nodeagent.controlplane.GrpcCertificateIssuer}) that asks for workload certificates with
 * fresh keys that never leave memory.
 */
package dev.trellis.nodeagent.controlplane;
