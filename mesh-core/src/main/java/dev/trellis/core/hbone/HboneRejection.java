package dev.trellis.core.hbone;

import java.util.Locale;

/**
 * Why the HBONE server turned a connection or stream away. Each is counted under its own label, so that an
 * operator sees which peers fail and why.
 */
public enum HboneRejection {
    /** Plain HTTP, garbage or anything else that is not a TLS record. */
    NOT_TLS,
    /** The client offered only TLS versions older than 1.3. */
    PROTOCOL_VERSION,
    /** The client sent no certificate. */
    NO_CLIENT_CERTIFICATE,
    /** The client's certificate (or its chain) has expired or is not yet valid. */
    CERTIFICATE_EXPIRED,
    /** The client's chain does not lead to a root of the trust bundle. */
    UNTRUSTED_ROOT,
    /** The client's certificate has no single valid SPIFFE URI SAN. */
    NOT_SPIFFE,
    /** Any other handshake failure (the log says what). */
    HANDSHAKE_FAILED,
    /** ALPN did not select h2. */
    NOT_HTTP2,
    /** A stream that is not CONNECT. */
    NOT_CONNECT,
    /** CONNECT without :authority, or one that is not ip:port. */
    BAD_AUTHORITY,
    /** CONNECT to one of the mesh's own ports. */
    MESH_PORT,
    /** Refused by policy (401). */
    DENIED,
    /** The upstream refused or timed out (503). */
    UPSTREAM_FAILED;

    /** The metric label, e.g. {@code untrusted_root}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
