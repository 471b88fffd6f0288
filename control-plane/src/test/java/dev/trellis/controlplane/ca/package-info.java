/** The CA over real gRPC and TLS on loopback: issuance, refusals by reason, persistence, rotation. */
package dev.trellis.controlplane.ca;
