/** Tests of the node-agent's configuration. */
package dev.trellis.nodeagent;
