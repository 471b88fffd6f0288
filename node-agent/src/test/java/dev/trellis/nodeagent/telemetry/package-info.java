/** Tests of {@code dev.trellis.nodeagent.telemetry}. */
package dev.trellis.nodeagent.telemetry;
