/** Discovery over real gRPC on loopback: full then delta, ACK/NACK, one response in flight, reconnects. */
package dev.trellis.controlplane.discovery;
