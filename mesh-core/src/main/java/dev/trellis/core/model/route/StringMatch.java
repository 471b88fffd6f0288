package dev.trellis.core.model.route;

import java.util.Objects;
import java.util.regex.Pattern;

/** How a request attribute (path, header, query parameter, gRPC name) is compared with a value. */
public sealed interface StringMatch {

    boolean matches(String candidate);

    /** The value equals {@code value}. */
    record Exact(String value) implements StringMatch {
        public Exact {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean matches(String candidate) {
            return value.equals(candidate);
        }
    }

    /**
     * Gateway API path prefix: matches whole path segments, so {@code /foo} matches {@code /foo},
     * {@code /foo/} and {@code /foo/bar} but not {@code /foobar}. A trailing slash in the prefix is ignored.
     */
    record PathPrefix(String value) implements StringMatch {
        public PathPrefix {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean matches(String candidate) {
            String prefix = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            if (prefix.isEmpty()) {
                return candidate.startsWith("/");
            }
            return candidate.startsWith(prefix)
                    && (candidate.length() == prefix.length() || candidate.charAt(prefix.length()) == '/');
        }
    }

    /** The whole value matches the regular expression (Java syntax, anchored). */
    record Regex(Pattern pattern) implements StringMatch {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public boolean matches(String candidate) {
            return pattern.matcher(candidate).matches();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }

        @Override
        public String toString() {
            return "Regex[" + pattern.pattern() + "]";
        }
    }
}
