package dev.trellis.nodeagent.pod;

import dev.trellis.core.controlplane.TrustBundles;
import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.hbone.HboneSettings;
import dev.trellis.linux.Netns;
import dev.trellis.nodeagent.NodeAgentConfig;
import dev.trellis.nodeagent.dns.DnsMetrics;
import dev.trellis.nodeagent.dns.DnsProxy;
import dev.trellis.nodeagent.identity.WorkloadCertificates;
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.nodeagent.outbound.OutboundPlanner;
import dev.trellis.nodeagent.rbac.InboundAuthorizer;
import dev.trellis.nodeagent.state.ProxyState;
import dev.trellis.nodeagent.telemetry.ConnectionTelemetry;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;

/**
 * What every pod's listeners share: the node's state, the decision stages, certificates, telemetry, the
 * event loops and the namespace runner. One per agent.
 *
 * @param mark the SO_MARK every socket the agent opens in a pod carries (DESIGN.md: 0x539)
 */
public record DataPlane(NodeAgentConfig config, ProxyState state, OutboundPlanner planner,
        InboundAuthorizer authorizer, WorkloadCertificates certificates, ConnectionTelemetry telemetry,
        EndpointLoad load, EventLoopGroup group, Netns netns, HboneSettings hboneSettings, HboneMetrics hboneMetrics,
        TrustBundles trustBundles, DnsProxy.Names dnsNames, DnsMetrics dnsMetrics, int mark, Clock clock) {

    public static final int AGENT_MARK = 0x539;
}
