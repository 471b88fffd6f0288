package dev.trellis.cni.server;

/** The node-agent could not decide on, take or release a pod; the message is shown to the runtime. */
public final class HandoffException extends Exception {
    public HandoffException(String message) {
        super(message);
    }

    public HandoffException(String message, Throwable cause) {
        super(message, cause);
    }
}
