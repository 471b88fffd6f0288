package dev.trellis.controlplane.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one YAML mapping field by field, knowing its path ({@code spec.ports[1]}) so that every error names
 * the field. It remembers which keys were read: {@link #done()} refuses the rest as unknown fields.
 *
 * <p>A key written with no value ({@code key:}) reads as absent, as Kubernetes treats it.
 *
 * <p>A lenient reader (for objects the API server has already validated, which carry many fields this
 * store does not model) ignores unknown fields; every field it does read is still checked.
 */
final class FieldReader {

    /** Deeper trees are refused: no real spec nests this far, and YAML anchors can make a tree contain itself. */
    static final int MAX_DEPTH = 32;

    private final Map<String, Object> fields;
    private final String path;
    private final Set<String> read = new HashSet<>();
    private final boolean lenient;

    private FieldReader(Map<String, Object> fields, String path, boolean lenient) {
        this.fields = fields;
        this.path = path;
        this.lenient = lenient;
    }

    /** Reads {@code value}, which must be a mapping with string keys, found at {@code path}. */
    static FieldReader of(Object value, String path) {
        return of(value, path, false);
    }

    /** As {@link #of(Object, String)}; a lenient reader and its children ignore unknown fields. */
    static FieldReader of(Object value, String path, boolean lenient) {
        if (!(value instanceof Map<?, ?> map)) {
            throw FieldException.unexpected(path.isEmpty() ? "(document)" : path, value, "a mapping");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new FieldException(path.isEmpty() ? "(document)" : path,
                        "key " + describe(e.getKey()) + " (expected: a string)");
            }
            copy.put(key, e.getValue());
        }
        return new FieldReader(copy, path, lenient);
    }

    /** A reader of {@code value} found at {@code path}, as strict or lenient as this one. */
    FieldReader child(Object value, String path) {
        return of(value, path, lenient);
    }

    boolean lenient() {
        return lenient;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return fields.get(key) != null;
    }

    Optional<String> string(String key) {
        Object value = take(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw FieldException.unexpected(path(key), value, "a string");
        }
        return Optional.of(s);
    }

    String requiredString(String key, String expectation) {
        return string(key).orElseThrow(() -> new FieldException(path(key), "missing (expected: " + expectation + ")"));
    }

    Optional<Long> integer(String key) {
        Object value = take(key);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(asLong(value, path(key)));
    }

    OptionalInt intInRange(String key, int min, int max) {
        Optional<Long> value = integer(key);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        long v = value.get();
        if (v < min || v > max) {
            throw FieldException.unexpected(path(key), v, max == Integer.MAX_VALUE ? ">= " + min : min + "-" + max);
        }
        return OptionalInt.of((int) v);
    }

    int requiredIntInRange(String key, int min, int max) {
        OptionalInt value = intInRange(key, min, max);
        if (value.isEmpty()) {
            throw new FieldException(path(key), "missing (expected: " + min + "-" + max + ")");
        }
        return value.getAsInt();
    }

    Optional<Double> number(String key) {
        Object value = take(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Double d) {
            return Optional.of(d);
        }
        return Optional.of((double) asLong(value, path(key)));
    }

    Optional<Boolean> bool(String key) {
        Object value = take(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean b)) {
            throw FieldException.unexpected(path(key), value, "true or false");
        }
        return Optional.of(b);
    }

    /** The raw value (for fields that take several types, like a targetPort). */
    Optional<Object> raw(String key) {
        return Optional.ofNullable(take(key));
    }

    Optional<FieldReader> object(String key) {
        Object value = take(key);
        return value == null ? Optional.empty() : Optional.of(child(value, path(key)));
    }

    List<FieldReader> objects(String key) {
        List<Object> items = list(key);
        List<FieldReader> readers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            readers.add(child(items.get(i), path(key) + "[" + i + "]"));
        }
        return readers;
    }

    List<String> strings(String key) {
        List<Object> items = list(key);
        List<String> strings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
                throw FieldException.unexpected(path(key) + "[" + i + "]", items.get(i), "a string");
            }
            strings.add(s);
        }
        return strings;
    }

    List<Integer> ints(String key, int min, int max) {
        List<Object> items = list(key);
        List<Integer> ints = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path(key) + "[" + i + "]";
            long v = asLong(items.get(i), itemPath);
            if (v < min || v > max) {
                throw FieldException.unexpected(itemPath, v, min + "-" + max);
            }
            ints.add((int) v);
        }
        return ints;
    }

    /** A mapping of string to string, such as labels; a number or boolean value must be quoted. */
    Map<String, String> stringMap(String key) {
        Object value = take(key);
        if (value == null) {
            return Map.of();
        }
        FieldReader map = of(value, path(key));
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, Object> e : map.fields.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw FieldException.unexpected(map.path(e.getKey()), e.getValue(), "a string (quote it)");
            }
            result.put(e.getKey(), s);
        }
        return result;
    }

    /**
     * The value under {@code key} as a deeply unmodifiable tree of maps (string keys, in written order),
     * lists, String, Long, Double and Boolean; nulls are refused so that readers need not expect them.
     */
    Map<String, Object> tree(String key) {
        Object value = take(key);
        if (value == null) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) freeze(of(value, path(key)).fields, path(key), 0);
        return frozen;
    }

    /** Refuses every field that was not read (unless lenient). */
    void done() {
        if (lenient) {
            return;
        }
        for (String key : fields.keySet()) {
            if (!read.contains(key)) {
                throw new FieldException(path(key), "unknown field");
            }
        }
    }

    /** A value as it appears in an error message. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
            case Map<?, ?> m -> "a mapping";
            case List<?> l -> "a list";
            default -> String.valueOf(value);
        };
    }

    private Object take(String key) {
        read.add(key);
        return fields.get(key);
    }

    private List<Object> list(String key) {
        Object value = take(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw FieldException.unexpected(path(key), value, "a list");
        }
        return new ArrayList<>(list);
    }

    private static long asLong(Object value, String path) {
        return switch (value) {
            case Integer i -> i;
            case Long l -> l;
            case BigInteger b -> throw FieldException.unexpected(path, b, "a smaller integer");
            default -> throw FieldException.unexpected(path, value, "an integer");
        };
    }

    private static Object freeze(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new FieldException(path, "nested deeper than " + MAX_DEPTH + " levels (expected: a tree, not one "
                    + "that contains itself through an anchor)");
        }
        return switch (value) {
            case null -> throw new FieldException(path, "null (expected: a value)");
            case String s -> s;
            case Boolean b -> b;
            case Double d -> d;
            case Integer i -> (long) i;
            case Long l -> l;
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    copy.add(freeze(list.get(i), path + "[" + i + "]", depth + 1));
                }
                yield Collections.unmodifiableList(copy);
            }
            case Map<?, ?> map -> {
                FieldReader reader = of(map, path);
                Map<String, Object> copy = new LinkedHashMap<>();
                reader.fields.forEach((k, v) -> copy.put(k, freeze(v, reader.path(k), depth + 1)));
                yield Collections.unmodifiableMap(copy);
            }
            default -> throw FieldException.unexpected(path, value, "a string, number, boolean, list or mapping");
        };
    }
}
