package dev.trellis.ctl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.model.Cidr;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabLayoutTest {

    private static final Cidr ALLOWED_V4 = Cidr.parse("198.18.0.0/15");
    private static final Cidr ALLOWED_V6 = Cidr.parse("fd00:7472::/32");

    @Test
    void everyAddressStaysInTheBenchmarkRanges() {
        for (int node = 1; node <= LabLayout.MAX_NODES; node++) {
            assertThat(ALLOWED_V4.contains(java.net.InetAddress.ofLiteral(LabLayout.nodeAddress(node)))).isTrue();
            assertThat(ALLOWED_V6.contains(java.net.InetAddress.ofLiteral(LabLayout.nodeAddress6(node)))).isTrue();
            Cidr pods = Cidr.parse(LabLayout.podCidr(node));
            Cidr pods6 = Cidr.parse(LabLayout.podCidr6(node));
            assertThat(ALLOWED_V4.contains(pods.network())).isTrue();
            assertThat(ALLOWED_V6.contains(pods6.network())).isTrue();
        }
        for (int i : new int[] {0, 1, 245, 246, 64_999}) {
            assertThat(ALLOWED_V4.contains(LabLayout.serviceVip(i))).isTrue();
            assertThat(ALLOWED_V6.contains(LabLayout.serviceVip6(i))).isTrue();
        }
    }

    @Test
    void nodesAndServicesDoNotOverlap() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < LabLayout.MAX_SERVICES; i++) {
            assertThat(seen.add(LabLayout.serviceVip(i).getHostAddress())).isTrue();
        }
        Cidr vips = Cidr.parse("198.19.0.0/16");
        for (int node = 1; node <= LabLayout.MAX_NODES; node++) {
            assertThat(vips.contains(Cidr.parse(LabLayout.podCidr(node)).network())).isFalse();
            assertThat(seen.add(LabLayout.nodeAddress(node))).isTrue();
        }
        assertThat(LabLayout.podCidr(1)).isEqualTo("198.18.101.0/24");
        assertThat(LabLayout.podCidr6(2)).isEqualTo("fd00:7472:0:66::/64");
    }

    @Test
    void namesAreBoundedAndPrefixed() {
        LabLayout layout = new LabLayout(LabLayout.DEFAULT_PREFIX);
        assertThat(layout.nodeNetns(3)).isEqualTo("trl-lab-node-3");
        assertThat(layout.hostBridge()).isEqualTo("trl-lab0");
        assertThat(layout.podNetns("shop", "cart")).isEqualTo("trl-lab-p-shop-cart");
        String longName = layout.podNetns("a-very-long-namespace-name", "and-an-even-longer-pod-name-x");
        assertThat(longName).hasSizeLessThanOrEqualTo(60).startsWith("trl-lab-p-");
        assertThat(longName).isNotEqualTo(layout.podNetns("a-very-long-namespace-name", "and-an-even-longer-pod-name-y"));
        // Linux limits interface names to 15 characters.
        LabLayout longest = new LabLayout("trl-abcdef");
        assertThat(longest.nodeHostLink(100)).hasSizeLessThanOrEqualTo(15);
        assertThatThrownBy(() -> new LabLayout("lab")).hasMessageContaining("expected: trl-");
    }

    @Test
    void rejectsOutOfRange() {
        assertThatThrownBy(() -> LabLayout.nodeName(0)).hasMessage("node: 0 (expected: 1-100)");
        assertThatThrownBy(() -> LabLayout.serviceVip(65_000)).hasMessageContaining("service index: 65000");
    }
}
