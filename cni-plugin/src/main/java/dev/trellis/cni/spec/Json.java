package dev.trellis.cni.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer, JDK only, so that the launcher the container runtime executes loads no library.
 *
 * <p>Values map to {@link LinkedHashMap} (objects, key order kept), {@link ArrayList}, {@link String},
 * {@link BigDecimal}, {@link Boolean} and {@link #NULL}. Numbers keep their exact text through a round trip.
 */
public final class Json {
    /** The JSON {@code null}, distinct from an absent key. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON document; throws {@link JsonException} naming the offset and what was expected. */
    public static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipSpace();
        Object value = reader.readValue(0);
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.fail("end of input");
        }
        return value;
    }

    /** Parses a document that must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("top-level value: " + kind(value) + " (expected: an object)");
        }
        return (Map<String, Object>) value;
    }

    /** Writes a value compactly. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        writeTo(out, value);
        return out.toString();
    }

    /**
     * Names the JSON kind of a parsed value, for error messages. An instanceof chain rather than a pattern
     * switch: a type switch bootstraps method handles on first use, which costs the launcher milliseconds.
     */
    public static String kind(Object value) {
        if (value == null) {
            return "absent";
        } else if (value instanceof Map<?, ?>) {
            return "an object";
        } else if (value instanceof List<?>) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof BigDecimal) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        }
        return value == NULL ? "null" : value.getClass().getSimpleName();
    }

    private Object readValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nesting of at most " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw fail("a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> readObject(depth);
            case '[' -> readArray(depth);
            case '"' -> readString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> readNumber();
        };
    }

    private Map<String, Object> readObject(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek('}')) {
            pos++;
            return object;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw fail("a string key");
            }
            String key = readString();
            skipSpace();
            expect(':');
            skipSpace();
            object.put(key, readValue(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect('}');
            return object;
        }
    }

    private List<Object> readArray(int depth) {
        List<Object> array = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek(']')) {
            pos++;
            return array;
        }
        while (true) {
            skipSpace();
            array.add(readValue(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect(']');
            return array;
        }
    }

    private String readString() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw fail("no control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(readHex4());
                default -> throw fail("a valid escape");
            }
        }
        throw fail("a closing quote");
    }

    private char readHex4() {
        if (pos + 4 > text.length()) {
            throw fail("four hex digits");
        }
        try {
            char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
            pos += 4;
            return c;
        } catch (NumberFormatException e) {
            throw fail("four hex digits");
        }
    }

    private BigDecimal readNumber() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw fail("a value");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw fail("a number");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw fail("'" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw fail("'" + c + "'");
        }
        pos++;
    }

    private JsonException fail(String expected) {
        String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "end of input";
        return new JsonException("at offset " + pos + ": " + found + " (expected: " + expected + ")");
    }

    /** An instanceof chain for the same start-up reason as {@link #kind}. */
    private static void writeTo(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            writeObject(out, map);
        } else if (value instanceof List<?> list) {
            writeArray(out, list);
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value == null || value == NULL) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, String.valueOf(e.getKey()));
            out.append(':');
            writeTo(out, e.getValue());
        }
        out.append('}');
    }

    private static void writeArray(StringBuilder out, List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeTo(out, list.get(i));
        }
        out.append(']');
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
