/** Tests of {@code dev.trellis.nodeagent.passthrough}. */
package dev.trellis.nodeagent.passthrough;
