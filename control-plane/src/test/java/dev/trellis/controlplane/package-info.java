/** The assembled control plane, driven over TLS and gRPC as node-agents and meshctl drive it. */
package dev.trellis.controlplane;
