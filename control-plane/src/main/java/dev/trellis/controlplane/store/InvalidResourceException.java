package dev.trellis.controlplane.store;

/**
 * An object (or a YAML document) that is not valid. The message names where it came from, the object, the
 * field path, the value and what was expected, e.g.
 * {@code svc.yaml (document 2): Service default/echo: spec.ports[1].port: 70000 (expected: 1-65535)}.
 */
public final class InvalidResourceException extends StoreException {

    public InvalidResourceException(String message) {
        super(message);
    }

    public InvalidResourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same error, prefixed with where the object came from ({@code file.yaml (document 2)}). */
    public InvalidResourceException in(String source) {
        return new InvalidResourceException(source + ": " + getMessage(), this);
    }
}
