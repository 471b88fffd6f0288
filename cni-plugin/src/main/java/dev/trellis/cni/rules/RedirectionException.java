package dev.trellis.cni.rules;

/** Writing, removing or reading a pod's redirection failed; the message names the namespace, step and tool output. */
public final class RedirectionException extends Exception {
    public RedirectionException(String message) {
        super(message);
    }

    public RedirectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
