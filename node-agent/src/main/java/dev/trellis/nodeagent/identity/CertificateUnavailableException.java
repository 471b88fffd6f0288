package dev.trellis.nodeagent.identity;

import dev.trellis.core.identity.SpiffeId;

/** No certificate can be presented for an identity now; the message says why and what happens next. */
public final class CertificateUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SpiffeId identity;

    CertificateUnavailableException(SpiffeId identity, String reason, Throwable cause) {
        super("no certificate for " + identity + ": " + reason, cause);
        this.identity = identity;
    }

    public SpiffeId identity() {
        return identity;
    }
}
