package dev.trellis.nodeagent.passthrough;

import java.util.Objects;

/**
 * Why a relay ended abnormally.
 *
 * @param side the connection that failed: the caller's (downstream) or the target's (upstream)
 * @param cause the I/O error, e.g. a connection reset
 */
public record RelayFailure(Side side, Throwable cause) {

    public RelayFailure {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(cause, "cause");
    }

    /** Which connection of the relay. */
    public enum Side {
        DOWNSTREAM,
        UPSTREAM
    }
}
