/** Tests of {@code dev.trellis.nodeagent.identity}. */
package dev.trellis.nodeagent.identity;
