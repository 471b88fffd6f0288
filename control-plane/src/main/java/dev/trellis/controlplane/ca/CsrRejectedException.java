package dev.trellis.controlplane.ca;

/** A certificate request the CA will not sign; the message says what is wrong with it. */
public final class CsrRejectedException extends Exception {
    private final String reason;

    /** @param reason a short metric label: malformed, signature, key, san, ttl */
    public CsrRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
