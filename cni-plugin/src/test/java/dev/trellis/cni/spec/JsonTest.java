package dev.trellis.cni.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void roundTripsKeyOrderNumbersEscapesAndNull() {
        String text = "{\"b\":1,\"a\":[true,false,null,-1.5e3,\"x\\\"y\\n\\u0041\"],\"c\":{}}";
        Object parsed = Json.parse(text);
        assertThat(Json.write(parsed)).isEqualTo("{\"b\":1,\"a\":[true,false,null,-1.5E+3,\"x\\\"y\\nA\"],\"c\":{}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        assertThat(map.keySet()).containsExactly("b", "a", "c");
        assertThat((List<?>) map.get("a")).element(2).isSameAs(Json.NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "nul", "\"open", "{} x", "{\"a\":\"\\q\"}",
            "-", "{\"a\":1,}"})
    void rejectsMalformedDocumentsWithOffset(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class).hasMessageContaining("expected");
    }

    @Test
    void rejectsDeepNesting() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100)))
                .isInstanceOf(JsonException.class).hasMessageContaining("nesting");
    }

    @Test
    void parseObjectRefusesOtherTopLevelValues() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("an array (expected: an object)");
    }
}
