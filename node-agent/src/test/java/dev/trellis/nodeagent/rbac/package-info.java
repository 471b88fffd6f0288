/** Tests of {@code dev.trellis.nodeagent.rbac}. */
package dev.trellis.nodeagent.rbac;
