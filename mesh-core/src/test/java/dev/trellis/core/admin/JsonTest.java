package dev.trellis.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Pod(String name, Optional<String> node, List<Integer> ports, Kind kind) {
    }

    enum Kind {
        APP
    }

    @Test
    void quotesAndEscapes() {
        assertThat(Json.quote("plain")).isEqualTo("\"plain\"");
        assertThat(Json.quote("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(Json.quote("back\\slash")).isEqualTo("\"back\\\\slash\"");
    }

    @Test
    void escapesControlCharactersLineSeparatorsAndLoneSurrogates() {
        String in = "a\nb\tc\r\u0001\u2028\ud800x\uD83D\uDE00";
        assertThat(Json.quote(in)).isEqualTo("\"a\\nb\\tc\\r\\u0001\\u2028\\ud800x\uD83D\uDE00\"");
    }

    @Test
    void rendersRecordsOptionalsEnumsAndLists() {
        Pod pod = new Pod("echo", Optional.empty(), List.of(80, 443), Kind.APP);
        assertThat(Json.write(pod)).isEqualTo("{\"name\":\"echo\",\"node\":null,\"ports\":[80,443],\"kind\":\"APP\"}");
    }

    @Test
    void unorderedMapsAreSortedAndOrderedMapsKeepTheirOrder() {
        Map<String, Object> unordered = new HashMap<>();
        unordered.put("zeta", 1);
        unordered.put("alpha", null);
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("zeta", true);
        ordered.put("alpha", 2.5);
        assertThat(Json.write(unordered)).isEqualTo("{\"alpha\":null,\"zeta\":1}");
        assertThat(Json.write(ordered)).isEqualTo("{\"zeta\":true,\"alpha\":2.5}");
    }

    @Test
    void meshScalarsRenderAsTheirStringForms() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(InetAddress.ofLiteral("198.18.0.1"), SpiffeId.of("shop", "web"));
        m.put("v6", new InetSocketAddress(InetAddress.ofLiteral("fd00:7472::1"), 15008));
        m.put("cidr", Cidr.parse("198.18.0.0/15"));
        m.put("took", Duration.ofMillis(1500));
        m.put("nan", Double.NaN);
        m.put("array", new int[] {1, 2});
        assertThat(Json.write(m)).isEqualTo("{\"198.18.0.1\":\"spiffe://cluster.local/ns/shop/sa/web\","
                + "\"v6\":\"[fd00:7472:0:0:0:0:0:1]:15008\",\"cidr\":\"198.18.0.0/15\",\"took\":\"PT1.5S\","
                + "\"nan\":null,\"array\":[1,2]}");
    }

    @Test
    void randomStringsRoundTripThroughQuoting() {
        java.util.Random random = new java.util.Random(2026);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
            }
            String in = new String(chars);
            String quoted = Json.quote(in);
            assertThat(quoted.chars().filter(c -> c < 0x20 || c == 0x2028 || c == 0x2029)).isEmpty();
            assertThat(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(quoted)).isTrue();
            assertThat(unquote(quoted)).isEqualTo(in);
        }
    }

    /** A strict decoder of the escapes RFC 8259 allows, to check what quote() wrote. */
    private static String unquote(String q) {
        assertThat(q).startsWith("\"").endsWith("\"");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < q.length() - 1; i++) {
            char c = q.charAt(i);
            if (c == '"') {
                throw new AssertionError("unescaped quote at " + i + " in " + q);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = q.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(q.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new AssertionError("bad escape \\" + e + " in " + q);
            }
        }
        return out.toString();
    }

    @Test
    void everyCharacterBelowSpaceIsEscaped() {
        char[] all = new char[0x20];
        Arrays.setAll(new int[0x20], i -> all[i] = (char) i);
        String quoted = Json.quote(new String(all));
        assertThat(quoted.chars().filter(c -> c < 0x20)).isEmpty();
    }
}
