package dev.trellis.core.model.route.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A position in a YAML tree with its field path, so that every failure names where it happened. Reading a
 * field of the wrong type fails; an absent optional field is empty.
 */
final class Node {

    private final String route;
    private final String path;
    private final Object value;

    Node(String route, String path, Object value) {
        this.route = route;
        this.path = path;
        this.value = value;
    }

    String path() {
        return path;
    }

    RouteValidationException fail(String problem) {
        return new RouteValidationException(route, path, problem);
    }

    Node child(String key) throws RouteValidationException {
        Object v = asMap().get(key);
        return new Node(route, path.isEmpty() ? key : path + "." + key, v);
    }

    boolean present() {
        return value != null;
    }

    boolean has(String key) throws RouteValidationException {
        return child(key).present();
    }

    Map<?, ?> asMap() throws RouteValidationException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(describe() + " (expected: an object)");
        }
        return m;
    }

    List<Node> list() throws RouteValidationException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw fail(describe() + " (expected: a list)");
        }
        List<Node> nodes = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            nodes.add(new Node(route, path + "[" + i + "]", l.get(i)));
        }
        return nodes;
    }

    Optional<String> optionalString() throws RouteValidationException {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw fail(describe() + " (expected: a string)");
        }
        return Optional.of(s);
    }

    String string() throws RouteValidationException {
        Optional<String> s = optionalString();
        if (s.isEmpty() || s.get().isEmpty()) {
            throw fail("missing (expected: a non-empty string)");
        }
        return s.get();
    }

    Optional<Integer> optionalInt(int min, int max) throws RouteValidationException {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number n) || value instanceof Double || value instanceof Float) {
            throw fail(describe() + " (expected: an integer " + min + "-" + max + ")");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw fail(v + " (expected: " + min + "-" + max + ")");
        }
        return Optional.of((int) v);
    }

    private String describe() {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
