/** Tests of the launcher ↔ node-agent frames. */
package dev.trellis.cni.wire;
