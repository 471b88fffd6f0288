package dev.trellis.core.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An admin request as endpoints see it: method, path and decoded query parameters (in order).
 *
 * @param method upper-case HTTP method
 * @param path the path without the query
 * @param query each parameter with its values, in the order they came
 */
public record AdminRequest(String method, String path, Map<String, List<String>> query) {

    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
    }

    /** Parses a raw (still percent-encoded) query string such as {@code level=debug&logger=a.b}. */
    public static AdminRequest of(String method, String path, String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        query.replaceAll((k, v) -> List.copyOf(v));
        return new AdminRequest(method, path, query);
    }

    /** The first value of parameter {@code name}, if present. */
    public Optional<String> parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
