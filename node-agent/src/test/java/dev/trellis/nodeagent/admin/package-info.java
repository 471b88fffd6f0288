/** Tests of {@code dev.trellis.nodeagent.admin}. */
package dev.trellis.nodeagent.admin;
