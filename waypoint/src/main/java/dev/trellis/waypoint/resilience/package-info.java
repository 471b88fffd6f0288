/**
 * The waypoint's resilience from a destination's {@code TrafficPolicy}, as decisions without I/O: what one
 * upstream try came to ({@link dev.trellis.waypoint.resilience.TryOutcome}), whether to retry it
 * ({@link dev.trellis.waypoint.resilience.RetryConditions}, {@link dev.trellis.waypoint.resilience.RetryBudget}),
 * which endpoints are ejected ({@link dev.trellis.waypoint.resilience.OutlierDetector}) and in which order the
 * others are tried ({@link dev.trellis.waypoint.resilience.EndpointPicker}).
 */
package dev.trellis.waypoint.resilience;
