package dev.trellis.nodeagent.state;

import java.net.InetSocketAddress;
import java.util.List;

/** The listeners the agent opened inside one pod's network namespace; closing them stops capture. */
public interface PodListeners extends AutoCloseable {

    /** Listeners of a pod whose listeners are not (yet) open. */
    PodListeners NONE = new PodListeners() {
        @Override
        public List<InetSocketAddress> addresses() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };

    /** The addresses listened on, for the config dump. */
    List<InetSocketAddress> addresses();

    /** Stops accepting; connections in progress go on until they end or the agent drains. */
    @Override
    void close();
}
