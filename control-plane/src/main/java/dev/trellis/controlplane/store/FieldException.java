package dev.trellis.controlplane.store;

/**
 * A field that is wrong, thrown while decoding one object and turned into an {@link InvalidResourceException}
 * naming the object by the decoder. The message is {@code <path>: <value> (expected: <what>)}.
 */
final class FieldException extends RuntimeException {

    FieldException(String path, String detail) {
        super(path + ": " + detail);
    }

    static FieldException unexpected(String path, Object value, String expectation) {
        return new FieldException(path, FieldReader.describe(value) + " (expected: " + expectation + ")");
    }
}
