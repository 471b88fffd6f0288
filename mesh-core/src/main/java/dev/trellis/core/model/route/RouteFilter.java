package dev.trellis.core.model.route;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** One filter of a rule, applied in the order written. */
public sealed interface RouteFilter {

    /** Changes the request headers before the request goes upstream. */
    record RequestHeaders(HeaderModifier modifier) implements RouteFilter {
        public RequestHeaders {
            Objects.requireNonNull(modifier, "modifier");
        }
    }

    /** Changes the response headers before the response goes downstream. */
    record ResponseHeaders(HeaderModifier modifier) implements RouteFilter {
        public ResponseHeaders {
            Objects.requireNonNull(modifier, "modifier");
        }
    }

    /**
     * Answers with a redirect instead of forwarding. Absent parts keep the request's own scheme, host, port
     * and path.
     */
    record RequestRedirect(Optional<String> scheme, Optional<String> hostname, Optional<PathModifier> path,
            OptionalInt port, int statusCode) implements RouteFilter {
        public RequestRedirect {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(port, "port");
            if (statusCode != 301 && statusCode != 302) {
                throw new IllegalArgumentException("statusCode: " + statusCode + " (expected: 301 or 302)");
            }
        }
    }

    /** Rewrites host and/or path before the request goes upstream. */
    record UrlRewrite(Optional<String> hostname, Optional<PathModifier> path) implements RouteFilter {
        public UrlRewrite {
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(path, "path");
        }
    }

    /** Sends a copy of the request to another backend, ignoring its answer. */
    record RequestMirror(BackendRef backend, int percent) implements RouteFilter {
        public RequestMirror {
            Objects.requireNonNull(backend, "backend");
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent: " + percent + " (expected: 0-100)");
            }
        }
    }
}
