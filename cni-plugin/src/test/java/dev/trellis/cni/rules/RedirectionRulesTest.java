package dev.trellis.cni.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedirectionRulesTest {
    private static final CaptureSettings DEFAULTS = CaptureSettings.defaults();

    @Test
    void rendersTheIpv4Batch() {
        assertThat(RedirectionRules.render(IpFamily.V4, DEFAULTS)).isEqualTo("""
                *mangle
                :TRELLIS_PREROUTING - [0:0]
                :TRELLIS_OUTPUT - [0:0]
                -A PREROUTING -j TRELLIS_PREROUTING
                -A OUTPUT -j TRELLIS_OUTPUT
                -A TRELLIS_PREROUTING -m mark --mark 0x539/0xfff -j CONNMARK --set-xmark 0x111/0xfff
                -A TRELLIS_OUTPUT -m connmark --mark 0x111/0xfff -j CONNMARK --restore-mark --nfmask 0xfff --ctmask 0xfff
                COMMIT
                *nat
                :TRELLIS_PREROUTING - [0:0]
                :TRELLIS_OUTPUT - [0:0]
                -A PREROUTING -j TRELLIS_PREROUTING
                -A OUTPUT -j TRELLIS_OUTPUT
                -A TRELLIS_PREROUTING -s 169.254.7.127/32 -p tcp -j RETURN
                -A TRELLIS_PREROUTING -i lo -j RETURN
                -A TRELLIS_PREROUTING -p tcp -m mark --mark 0x539/0xfff -j RETURN
                -A TRELLIS_PREROUTING -p tcp -m tcp --dport 15008 -j RETURN
                -A TRELLIS_PREROUTING -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j REDIRECT --to-ports 15006
                -A TRELLIS_OUTPUT -p udp -m mark --mark 0x539/0xfff -j RETURN
                -A TRELLIS_OUTPUT -p udp -m udp --dport 53 -j REDIRECT --to-ports 15053
                -A TRELLIS_OUTPUT -p tcp -m mark --mark 0x539/0xfff -j RETURN
                -A TRELLIS_OUTPUT -p tcp -m connmark --mark 0x111/0xfff -j RETURN
                -A TRELLIS_OUTPUT -o lo -j RETURN
                -A TRELLIS_OUTPUT -p tcp -m tcp --dport 53 -j REDIRECT --to-ports 15053
                -A TRELLIS_OUTPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j REDIRECT --to-ports 15001
                COMMIT
                """);
    }

    @Test
    void ipv6UsesItsOwnProbeSourceAndPrefix() {
        String v6 = RedirectionRules.render(IpFamily.V6, DEFAULTS);
        assertThat(v6).contains("-A TRELLIS_PREROUTING -s fd00:7472:ffff:7127::1/128 -p tcp -j RETURN")
                .doesNotContain("169.254");
        assertThat(v6.replace("fd00:7472:ffff:7127::1/128", "169.254.7.127/32"))
                .isEqualTo(RedirectionRules.render(IpFamily.V4, DEFAULTS));
    }

    @ParameterizedTest
    @EnumSource(IpFamily.class)
    void portsAndMarksComeFromSettings(IpFamily family) {
        CaptureSettings custom = new CaptureSettings(16001, 16006, 16008, 16053, 0x53a, 0x112, 0xfff, 101,
                "169.254.7.128", "fd00:7472::9");
        String text = RedirectionRules.render(family, custom);
        assertThat(text).contains("--to-ports 16001", "--to-ports 16006", "--dport 16008", "--to-ports 16053", "--mark 0x53a/0xfff",
                "--set-xmark 0x112/0xfff").doesNotContain("1500");
    }

    @Test
    void settingsRefuseOverlappingMarksAndBadPorts() {
        assertThatThrownBy(() -> new CaptureSettings(0, 1, 2, 4, 0x539, 0x111, 0xfff, 100, "a", "b"))
                .hasMessage("outboundPort: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> new CaptureSettings(1, 2, 3, 4, 0x111, 0x111, 0xfff, 100, "a", "b"))
                .hasMessageContaining("two different marks");
        assertThatThrownBy(() -> new CaptureSettings(1, 2, 3, 4, 0x539, 0x111, 0xfff, 255, "a", "b"))
                .hasMessageContaining("routeTable: 255");
    }
}
