package dev.trellis.cni.rules;

import java.util.List;

/**
 * The in-pod redirection rules as iptables-restore text: a pure function of the family and settings.
 *
 * <p>The rules live in chains of our own ({@link #PREROUTING_CHAIN}, {@link #OUTPUT_CHAIN}) in the mangle and nat
 * tables, entered by one jump from each built-in chain, so removal never touches anything else. Lines are written
 * exactly as iptables-save prints them, which lets CHECK compare by text.
 */
public final class RedirectionRules {
    public static final String PREROUTING_CHAIN = "TRELLIS_PREROUTING";
    public static final String OUTPUT_CHAIN = "TRELLIS_OUTPUT";
    /** The tables we write to; removal and CHECK look at these only. */
    public static final List<String> TABLES = List.of("mangle", "nat");
    /** Built-in chain → our chain it jumps to. */
    public static final List<List<String>> JUMPS = List.of(
            List.of("PREROUTING", PREROUTING_CHAIN), List.of("OUTPUT", OUTPUT_CHAIN));

    /**
     * Only a connection's first SYN is redirected. A pod's namespace may start tracking connections only when
     * our rules arrive (conntrack is enabled per namespace on first use), and then picks up the pod's open
     * connections mid-stream as new entries: without this match their next segment would be redirected to
     * the agent and the connection broken. With it, connections the pod had before capture go on untouched.
     */
    static final String SYN_ONLY = "-m tcp --tcp-flags FIN,SYN,RST,ACK SYN";

    private RedirectionRules() {
    }

    /** The batch that installs the rules, for {@code iptables-restore --noflush} (or ip6tables-restore). */
    public static String render(IpFamily family, CaptureSettings s) {
        StringBuilder out = new StringBuilder(1024);
        table(out, "mangle");
        // A packet the node-agent sent from a transparent socket (caller's source address, agent mark) arrives
        // back over lo: remember the connection, so the app's replies can be routed to the agent (table 100).
        rule(out, PREROUTING_CHAIN, "-m mark --mark " + s.agentMarkMatch() + " -j CONNMARK --set-xmark "
                + s.transparentMarkMatch());
        rule(out, OUTPUT_CHAIN, "-m connmark --mark " + s.transparentMarkMatch() + " -j CONNMARK --restore-mark"
                + String.format(" --nfmask 0x%x --ctmask 0x%x", s.markMask(), s.markMask()));
        out.append("COMMIT\n");
        table(out, "nat");
        // Inbound: kubelet probes (SNATed on the node), loopback, the agent's own packets and HBONE pass;
        // every other TCP connection goes to the inbound plaintext listener.
        rule(out, PREROUTING_CHAIN, "-s " + s.probeSource(family) + family.hostPrefix() + " -p tcp -j RETURN");
        rule(out, PREROUTING_CHAIN, "-i lo -j RETURN");
        rule(out, PREROUTING_CHAIN, "-p tcp -m mark --mark " + s.agentMarkMatch() + " -j RETURN");
        rule(out, PREROUTING_CHAIN, "-p tcp -m tcp --dport " + s.hbonePort() + " -j RETURN");
        rule(out, PREROUTING_CHAIN, "-p tcp " + SYN_ONLY + " -j REDIRECT --to-ports " + s.inboundPort());
        // DNS: the agent's own queries (forwarded upstream) pass; the app's go to the agent's DNS proxy.
        rule(out, OUTPUT_CHAIN, "-p udp -m mark --mark " + s.agentMarkMatch() + " -j RETURN");
        rule(out, OUTPUT_CHAIN, "-p udp -m udp --dport 53 -j REDIRECT --to-ports " + s.dnsPort());
        // Outbound: the agent's own sockets, transparent-connection traffic and loopback pass; all other TCP
        // goes to the outbound listener, which reads the original destination with SO_ORIGINAL_DST.
        rule(out, OUTPUT_CHAIN, "-p tcp -m mark --mark " + s.agentMarkMatch() + " -j RETURN");
        rule(out, OUTPUT_CHAIN, "-p tcp -m connmark --mark " + s.transparentMarkMatch() + " -j RETURN");
        rule(out, OUTPUT_CHAIN, "-o lo -j RETURN");
        rule(out, OUTPUT_CHAIN, "-p tcp -m tcp --dport 53 -j REDIRECT --to-ports " + s.dnsPort());
        rule(out, OUTPUT_CHAIN, "-p tcp " + SYN_ONLY + " -j REDIRECT --to-ports " + s.outboundPort());
        out.append("COMMIT\n");
        return out.toString();
    }

    private static void table(StringBuilder out, String table) {
        out.append('*').append(table).append('\n');
        out.append(':').append(PREROUTING_CHAIN).append(" - [0:0]\n");
        out.append(':').append(OUTPUT_CHAIN).append(" - [0:0]\n");
        for (List<String> jump : JUMPS) {
            out.append("-A ").append(jump.get(0)).append(" -j ").append(jump.get(1)).append('\n');
        }
    }

    private static void rule(StringBuilder out, String chain, String spec) {
        out.append("-A ").append(chain).append(' ').append(spec).append('\n');
    }
}
