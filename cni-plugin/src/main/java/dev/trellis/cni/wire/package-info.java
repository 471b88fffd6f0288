/** The frames the {@code trellis-cni} launcher and the node-agent exchange on the CNI unix socket. JDK only. */
package dev.trellis.cni.wire;
