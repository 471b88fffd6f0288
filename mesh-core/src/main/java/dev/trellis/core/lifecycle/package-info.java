/**
 * Lifecycle as values: {@link dev.trellis.core.lifecycle.Readiness} is a set of named, {@code AutoCloseable}
 * blockers (ready when none is open), served on {@code /healthz/ready} by
 * {@link dev.trellis.core.lifecycle.ReadinessEndpoint}; {@link dev.trellis.core.lifecycle.Drain} stops a
 * proxy gracefully until a deadline, then forces what is left.
 */
package dev.trellis.core.lifecycle;
