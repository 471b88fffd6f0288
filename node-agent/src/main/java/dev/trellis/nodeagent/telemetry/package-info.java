/**
 * Per-connection telemetry of the node-agent: {@link dev.trellis.nodeagent.telemetry.ConnectionTelemetry}
 * opens a {@link dev.trellis.nodeagent.telemetry.TrackedConnection} per carried connection, which counts
 * bytes and, when closed, records the {@code trellis_tcp_*} metrics and one access-log line.
 * {@link dev.trellis.nodeagent.telemetry.ResponseFlag} maps every way a connection ends to its flag, in one
 * place; {@link dev.trellis.nodeagent.telemetry.TelemetryLabels} derives the labels from the model.
 */
package dev.trellis.nodeagent.telemetry;
