package dev.trellis.waypoint.route;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What routing and policy read from one request.
 *
 * @param method the HTTP method
 * @param path the path without the query string
 * @param query the raw query string without {@code ?}, empty if none
 * @param queryParams decoded query parameters
 * @param headers request headers, lower-case names, first value
 * @param host the Host / :authority, without port; may be empty
 * @param hostPort the port from the Host header, if it named one
 */
public record RequestAttributes(String method, String path, String query, Map<String, List<String>> queryParams,
        Map<String, String> headers, String host, Optional<Integer> hostPort) {

    public RequestAttributes {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        queryParams = Map.copyOf(queryParams);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hostPort, "hostPort");
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
