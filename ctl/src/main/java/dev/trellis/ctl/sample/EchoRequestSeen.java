package dev.trellis.ctl.sample;

import java.util.List;
import java.util.Map;

/**
 * A request as the echo server saw it, whatever protocol carried it.
 *
 * @param client the address the connection came from (in the mesh: the calling pod's, kept by the node-agent)
 */
record EchoRequestSeen(String protocol, String method, String path, String query, Map<String, List<String>> headers,
        String client) {

    EchoRequestSeen {
        headers = Map.copyOf(headers);
    }

    /** The IP of a remote socket address, as text ("" when unknown). */
    static String client(java.net.SocketAddress remote) {
        return remote instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
    }
}
