package dev.trellis.core.model.route;

import java.util.Locale;
import java.util.Objects;

/**
 * A match on a named request attribute: a header (name compared case-insensitively, stored lower-case) or a
 * query parameter (name compared exactly).
 */
public record NamedMatch(String name, StringMatch value) {

    public NamedMatch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** A header match; the name is lower-cased as HTTP/2 carries it. */
    public static NamedMatch header(String name, StringMatch value) {
        return new NamedMatch(name.toLowerCase(Locale.ROOT), value);
    }
}
