package dev.trellis.cni.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyRoutesTest {
    private static final CaptureSettings S = CaptureSettings.defaults();
    private static final String RULES = """
            0:	from all lookup local
            32765:	from all fwmark 0x111/0xfff lookup 100
            32766:	from all lookup main
            """;

    @Test
    void countsOurRuleAndFindsTheLocalRoute() {
        assertThat(PolicyRoutes.ruleCount(RULES, S)).isEqualTo(1);
        assertThat(PolicyRoutes.ruleCount(RULES.replace("0x111", "0x222"), S)).isZero();
        assertThat(PolicyRoutes.hasLocalRoute("local default dev lo scope host \n")).isTrue();
        assertThat(PolicyRoutes.hasLocalRoute("")).isFalse();
    }

    @Test
    void installAddsTheRuleOnlyWhenAbsentAndTrimsDuplicates() {
        assertThat(PolicyRoutes.install(IpFamily.V4, S, 0))
                .isEqualTo("link set dev lo up\nrule add fwmark 0x111/0xfff lookup 100\nroute replace local 0.0.0.0/0 dev lo table 100\n");
        assertThat(PolicyRoutes.install(IpFamily.V6, S, 1)).isEqualTo("link set dev lo up\nroute replace local ::/0 dev lo table 100\n");
        assertThat(PolicyRoutes.install(IpFamily.V6, S, 3)).startsWith(
                "link set dev lo up\nrule del fwmark 0x111/0xfff lookup 100\nrule del fwmark 0x111/0xfff lookup 100\nroute replace");
    }

    @Test
    void removalDeletesEveryCopyAndTheTable() {
        assertThat(PolicyRoutes.removal(S, 2, true)).isEqualTo("rule del fwmark 0x111/0xfff lookup 100\n"
                + "rule del fwmark 0x111/0xfff lookup 100\nroute flush table 100\n");
        assertThat(PolicyRoutes.removal(S, 0, false)).isEmpty();
        assertThat(PolicyRoutes.differences(IpFamily.V4, S, 0, false)).hasSize(2);
        assertThat(PolicyRoutes.differences(IpFamily.V4, S, 1, true)).isEmpty();
    }
}
