/**
 * Passthrough: plain TCP to destinations outside the mesh. {@link
 * dev.trellis.nodeagent.passthrough.PassthroughRelay} connects an accepted connection to its target and hands
 * both to mesh-core's {@link dev.trellis.core.hbone.Relay} (backpressure, half-close, resets, the Netty epoll
 * work-arounds); {@link dev.trellis.nodeagent.passthrough.TelemetryRelayListener} turns the outcome into
 * metrics and the access log.
 */
package dev.trellis.nodeagent.passthrough;
