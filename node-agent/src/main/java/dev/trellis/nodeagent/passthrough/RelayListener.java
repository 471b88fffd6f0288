package dev.trellis.nodeagent.passthrough;

import io.netty.channel.Channel;

/**
 * What a relay tells its owner (telemetry, connection tracking). Called on the connection's event loop:
 * implementations must not block.
 */
public interface RelayListener {

    /** The upstream connection is established; bytes start to flow. */
    default void connected(Channel upstream) {
    }

    /** The target could not be reached; the downstream connection has been closed (reset). */
    default void connectFailed(Throwable cause) {
    }

    /** {@code bytes} were written towards the upstream (from the caller). */
    default void sent(long bytes) {
    }

    /** {@code bytes} were written back towards the caller. */
    default void received(long bytes) {
    }

    /**
     * Both connections are closed. Called once, after {@link #connected}.
     *
     * @param failure what ended the relay abnormally (a reset, an I/O error) and on which side, or null for
     *     an orderly end
     */
    default void closed(RelayFailure failure) {
    }
}
