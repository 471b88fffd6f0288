package dev.trellis.cni.rules;

/**
 * The numbers the in-pod rules are built from (DESIGN.md, "Traffic capture" and "Ports").
 *
 * @param outboundPort    where outbound TCP is redirected (15001)
 * @param inboundPort     where inbound plaintext TCP is redirected (15006)
 * @param hbonePort       inbound TCP to this port is left alone: the node-agent's HBONE listener (15008)
 * @param dnsPort         where the pod's DNS queries (UDP and TCP to port 53) are redirected: the node-agent's
 *                        DNS proxy (15053), which answers service names itself and forwards the rest
 * @param agentMark       SO_MARK on every socket the node-agent opens in a pod; such packets are never redirected
 * @param transparentMark connmark of connections the node-agent opened with the caller's source address
 * @param markMask        the bits of the packet mark and connmark we own
 * @param routeTable      policy-routing table whose local route returns transparent replies to the node-agent
 * @param probeSourceV4   the address the node source-NATs kubelet probes to; let through untouched
 * @param probeSourceV6   the same for IPv6
 */
public record CaptureSettings(int outboundPort, int inboundPort, int hbonePort, int dnsPort, int agentMark, int transparentMark,
                              int markMask, int routeTable, String probeSourceV4, String probeSourceV6) {
    public static final int OUTBOUND_PORT = 15001;
    public static final int INBOUND_PORT = 15006;
    public static final int HBONE_PORT = 15008;
    public static final int DNS_PORT = 15053;
    public static final int AGENT_MARK = 0x539;
    public static final int TRANSPARENT_MARK = 0x111;
    public static final int MARK_MASK = 0xfff;
    public static final int ROUTE_TABLE = 100;
    /** Link-local, as Istio uses; the node-agent's node-side rule SNATs kubelet probes to it. */
    public static final String PROBE_SOURCE_V4 = "169.254.7.127";
    /** Inside the project's own ULA prefix, never routed off the node. */
    public static final String PROBE_SOURCE_V6 = "fd00:7472:ffff:7127::1";

    public CaptureSettings {
        requirePort("outboundPort", outboundPort);
        requirePort("inboundPort", inboundPort);
        requirePort("hbonePort", hbonePort);
        requirePort("dnsPort", dnsPort);
        if ((agentMark & ~markMask) != 0 || (transparentMark & ~markMask) != 0 || agentMark == transparentMark) {
            throw new IllegalArgumentException(String.format("marks: agent 0x%x, transparent 0x%x, mask 0x%x"
                    + " (expected: two different marks inside the mask)", agentMark, transparentMark, markMask));
        }
        if (routeTable < 1 || routeTable > 252) {
            throw new IllegalArgumentException("routeTable: " + routeTable + " (expected: 1..252, not a reserved table)");
        }
    }

    public static CaptureSettings defaults() {
        return new CaptureSettings(OUTBOUND_PORT, INBOUND_PORT, HBONE_PORT, DNS_PORT, AGENT_MARK, TRANSPARENT_MARK, MARK_MASK,
                ROUTE_TABLE, PROBE_SOURCE_V4, PROBE_SOURCE_V6);
    }

    public String probeSource(IpFamily family) {
        return family == IpFamily.V4 ? probeSourceV4 : probeSourceV6;
    }

    /** {@code 0x539/0xfff}, as iptables-save prints it. */
    String agentMarkMatch() {
        return String.format("0x%x/0x%x", agentMark, markMask);
    }

    String transparentMarkMatch() {
        return String.format("0x%x/0x%x", transparentMark, markMask);
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + ": " + port + " (expected: 1..65535)");
        }
    }
}
