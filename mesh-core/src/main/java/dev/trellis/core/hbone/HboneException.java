package dev.trellis.core.hbone;

import java.io.IOException;

/**
 * Why a tunnel could not be opened, as the caller sees it; the captured connection is reset in every case.
 * {@link #status()} is the server's HTTP status for {@link Kind#REFUSED}, else 0.
 */
public final class HboneException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The failure kinds, each a distinct response flag in telemetry. */
    public enum Kind {
        /** TCP connect to the HBONE port failed or timed out. */
        CONNECT_FAILED,
        /** The TLS handshake failed (the server refused our certificate, or we its chain). */
        HANDSHAKE_FAILED,
        /** The server's certificate names another identity than expected. */
        WRONG_SERVER_IDENTITY,
        /** The server answered the CONNECT with a non-200 status. */
        REFUSED,
        /** The connection or stream broke before an answer. */
        PROTOCOL
    }

    private final Kind kind;
    private final int status;

    public HboneException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }
}
