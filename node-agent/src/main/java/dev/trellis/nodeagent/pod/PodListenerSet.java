package dev.trellis.nodeagent.pod;

import dev.trellis.core.hbone.HboneClient;
import dev.trellis.nodeagent.dns.DnsProxy;
import dev.trellis.nodeagent.state.PodListeners;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent opened in one pod: its listeners, DNS proxy and tunnel pool. Closing stops accepting; the
 * connections already carried go on until they end.
 */
final class PodListenerSet implements PodListeners {
    private final List<Channel> listeners;
    private final DnsProxy dns;
    private final HboneClient tunnels;

    PodListenerSet(List<Channel> listeners, DnsProxy dns, HboneClient tunnels) {
        this.listeners = List.copyOf(listeners);
        this.dns = dns;
        this.tunnels = tunnels;
    }

    @Override
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        listeners.forEach(c -> out.add((InetSocketAddress) c.localAddress()));
        out.add(dns.udpAddress());
        return out;
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        dns.close();
        tunnels.close();
    }
}
