package dev.trellis.core.identity;

/** A string that is not a Trellis workload SPIFFE ID; the message names the value and what was expected. */
public final class InvalidSpiffeIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSpiffeIdException(String value, String reason) {
        super("invalid SPIFFE ID '" + value + "': " + reason
                + " (expected: spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>)");
    }
}
