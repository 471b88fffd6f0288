package dev.trellis.nodeagent.outbound;

import java.net.InetAddress;

/** How many connections the agent has open to an endpoint now (least-request reads it). */
@FunctionalInterface
public interface ActiveConnections {

    int active(InetAddress endpoint);
}
