/**
 * The node-agent's operational surface: {@link dev.trellis.nodeagent.admin.NodeAgentAdmin} starts the admin
 * API (127.0.0.1:15000: {@code /config_dump}, {@code /pods}, {@code /certificates}, {@code /logging}), the
 * metrics server (15020) and the readiness server (15021) from mesh-core's admin building blocks.
 */
package dev.trellis.nodeagent.admin;
