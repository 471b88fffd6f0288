package dev.trellis.core.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** What an admin endpoint answers: status, content type and body bytes. */
public record AdminResponse(int status, String contentType, byte[] body) {

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public AdminResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-599)");
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A JSON body rendered from a state tree by {@link Json#write(Object)}. */
    public static AdminResponse json(int status, Object tree) {
        return new AdminResponse(status, JSON, (Json.write(tree) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static AdminResponse text(int status, String text) {
        return new AdminResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": message}}. */
    public static AdminResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}
