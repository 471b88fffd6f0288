package dev.trellis.core.admin;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Cidr;
import dev.trellis.core.model.ServiceKey;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * Renders a state tree as compact JSON: maps, collections, arrays, records (by component), strings, numbers,
 * booleans, enums, {@link Optional}s (value or null) and null. Addresses, SPIFFE IDs, CIDRs, service keys,
 * durations and instants render as their usual string forms; anything else as its {@code toString()}.
 *
 * <p>Map keys render as strings; an unordered map has its keys sorted so that dumps are stable. Escaping
 * follows RFC 8259 and also escapes U+2028/U+2029 and lone surrogates, so every line is valid UTF-8 JSON.
 * Hand-written because the project has no JSON library on the proxies' class path.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** The JSON text for {@code tree}. */
    public static String write(Object tree) {
        StringBuilder out = new StringBuilder(256);
        value(out, tree);
        return out.toString();
    }

    /** {@code s} as a quoted, escaped JSON string. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        string(out, s);
        return out.toString();
    }

    private static void value(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> number(out, d);
            case Float f -> number(out, f.doubleValue());
            case Number n -> out.append(n);
            case Character c -> string(out, c.toString());
            case Enum<?> e -> string(out, e.name());
            case Optional<?> o -> value(out, o.orElse(null));
            case Map<?, ?> m -> object(out, m);
            case Collection<?> c -> array(out, c);
            case Object a when a.getClass().isArray() -> array(out, arrayToList(a));
            case Object o when isScalar(o) -> string(out, scalar(o));
            case Record r -> record(out, r);
            default -> string(out, v.toString());
        }
    }

    private static boolean isScalar(Object o) {
        return o instanceof InetAddress || o instanceof InetSocketAddress || o instanceof SpiffeId
                || o instanceof Cidr || o instanceof ServiceKey || o instanceof Duration || o instanceof Instant
                || o instanceof Path || o instanceof URI;
    }

    private static String scalar(Object o) {
        return switch (o) {
            case InetAddress a -> a.getHostAddress();
            case InetSocketAddress a -> hostPort(a);
            default -> o.toString();
        };
    }

    /** {@code ip:port}, with brackets around an IPv6 address. */
    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static void number(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(d);
        }
    }

    private static void object(StringBuilder out, Map<?, ?> m) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            String key = k == null ? "null" : isScalar(k) ? scalar(k) : k.toString();
            entries.add(Map.entry(key, e.getValue() == null ? NullValue.NULL : e.getValue()));
        }
        if (!(m instanceof SequencedMap<?, ?>)) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':');
            value(out, e.getValue() == NullValue.NULL ? null : e.getValue());
        }
        out.append('}');
    }

    private static void array(StringBuilder out, Collection<?> c) {
        out.append('[');
        boolean first = true;
        for (Object o : c) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(out, o);
        }
        out.append(']');
    }

    private static List<Object> arrayToList(Object array) {
        int n = Array.getLength(array);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Array.get(array, i));
        }
        return list;
    }

    private static void record(StringBuilder out, Record r) {
        out.append('{');
        boolean first = true;
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, c.getName());
            out.append(':');
            value(out, component(r, c));
        }
        out.append('}');
    }

    private static Object component(Record r, RecordComponent c) {
        Method accessor = c.getAccessor();
        try {
            accessor.trySetAccessible();
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return "<unreadable: " + e + ">";
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || isLoneSurrogate(s, i)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    /** Stands in for a null map value while entries are sorted. */
    private enum NullValue {
        NULL
    }
}
