/**
 * The node-agent: the per-node L4 proxy that captures pod traffic and tunnels it over HBONE.
 */
package dev.trellis.nodeagent;
