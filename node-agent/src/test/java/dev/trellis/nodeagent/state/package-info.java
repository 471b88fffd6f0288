/** Tests of {@code dev.trellis.nodeagent.state}. */
package dev.trellis.nodeagent.state;
