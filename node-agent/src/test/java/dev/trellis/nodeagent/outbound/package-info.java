/** Tests of {@code dev.trellis.nodeagent.outbound}. */
package dev.trellis.nodeagent.outbound;
