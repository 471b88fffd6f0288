package dev.trellis.core.model.route;

import java.util.Objects;

/** How a redirect or rewrite changes the path. */
public sealed interface PathModifier {

    /** Replaces the whole path. */
    record ReplaceFullPath(String path) implements PathModifier {
        public ReplaceFullPath {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Replaces the part of the path that the rule's {@link StringMatch.PathPrefix} matched; valid only on a
     * rule whose matches are path prefixes.
     */
    record ReplacePrefixMatch(String prefix) implements PathModifier {
        public ReplacePrefixMatch {
            Objects.requireNonNull(prefix, "prefix");
        }
    }
}
