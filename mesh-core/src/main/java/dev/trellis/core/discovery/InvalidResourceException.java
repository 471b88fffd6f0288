package dev.trellis.core.discovery;

/** A discovery resource that does not make a valid model record; the message names resource and field. */
public final class InvalidResourceException extends RuntimeException {
    public InvalidResourceException(String message) {
        super(message);
    }
}
