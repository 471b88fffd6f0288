package dev.trellis.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpiffeIdTest {

    @Test
    void parsesAndFormatsRoundTrip() {
        SpiffeId id = SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/cart-v2");
        assertThat(id).isEqualTo(new SpiffeId("cluster.local", "shop", "cart-v2"));
        assertThat(id.uri()).isEqualTo("spiffe://cluster.local/ns/shop/sa/cart-v2");
        assertThat(SpiffeId.of("shop", "cart-v2")).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://cluster.local/ns/a/sa/b          | scheme must be 'spiffe://'",
        "spiffe://cluster.local/ns/a             | path must be /ns/<namespace>/sa/<service-account>",
        "spiffe://cluster.local/ns/a/sa/b/extra  | path must be",
        "spiffe://cluster.local/sa/a/ns/b        | path must be",
        "spiffe:///ns/a/sa/b                     | trust domain is empty",
        "spiffe://Cluster.Local/ns/a/sa/b        | trust domain 'Cluster.Local'",
        "spiffe://cluster.local/ns/A_B/sa/b      | namespace 'A_B'",
        "spiffe://cluster.local/ns/a/sa/         | service account is empty",
        "spiffe://cluster.local/ns/-a/sa/b       | namespace '-a'",
    })
    void rejectsWithReason(String value, String reason) {
        assertThatThrownBy(() -> SpiffeId.parse(value))
                .isInstanceOf(InvalidSpiffeIdException.class)
                .hasMessageContaining(value)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {2049, 100_000})
    void rejectsOverlongValues(int length) {
        String value = "spiffe://" + "a".repeat(length);
        assertThatThrownBy(() -> SpiffeId.parse(value)).hasMessageContaining("longer than 2048");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> SpiffeId.parse(null)).isInstanceOf(InvalidSpiffeIdException.class);
    }
}
