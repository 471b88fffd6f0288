package dev.trellis.cni.spec;

/** A document that is not valid JSON, or not of the expected shape; the message says where and what was expected. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
