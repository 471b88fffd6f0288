package dev.trellis.ctl.lab;

/** A lab operation failed; the message says which step, the command's own error, and what to try. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
