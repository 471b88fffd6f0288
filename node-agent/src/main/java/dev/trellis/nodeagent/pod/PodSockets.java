package dev.trellis.nodeagent.pod;

import dev.trellis.linux.Netns;
import dev.trellis.linux.SocketOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Creates sockets inside one pod's network namespace (a socket belongs to the namespace of the thread that
 * creates it; the shared {@link Netns} thread enters the pod's namespace for the moment of creation). Sockets
 * that leave the pod carry {@code mark}, so the pod's redirection rules let them pass. Needs the epoll
 * transport: NIO can neither mark a socket nor make it transparent.
 */
public final class PodSockets {
    private final Netns netns;
    private final Path podNetns;
    private final int mark;

    public PodSockets(Netns netns, Path podNetns, int mark) {
        this.netns = netns;
        this.podNetns = podNetns;
        this.mark = mark;
    }

    public Path podNetns() {
        return podNetns;
    }

    /** Client sockets in the pod, marked: for tunnels and plain connections leaving the pod. */
    public ChannelFactory<EpollSocketChannel> outgoing() {
        return () -> marked(create(EpollSocketChannel::new));
    }

    /**
     * Marked transparent client sockets in the pod, to be bound to the caller's address before they connect:
     * how the agent reaches the app while keeping the caller's address.
     */
    public ChannelFactory<EpollSocketChannel> transparent() {
        return () -> {
            EpollSocketChannel ch = marked(create(EpollSocketChannel::new));
            ch.config().setOption(EpollChannelOption.IP_TRANSPARENT, true);
            return ch;
        };
    }

    /** Listening sockets in the pod. */
    public ChannelFactory<EpollServerSocketChannel> listening() {
        return () -> create(EpollServerSocketChannel::new);
    }

    /** UDP sockets in the pod; {@code marked} for ones that send out of it. */
    public ChannelFactory<EpollDatagramChannel> datagram(boolean marked) {
        return () -> {
            EpollDatagramChannel ch = create(EpollDatagramChannel::new);
            return marked ? marked(ch) : ch;
        };
    }

    /** Runs {@code work} inside the pod's namespace (binding a listener there, for instance). */
    public <T> T inPod(Callable<T> work) throws Exception {
        return netns.call(podNetns, work);
    }

    private <C extends Channel> C create(Callable<C> constructor) {
        try {
            return netns.call(podNetns, constructor);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a socket in " + podNetns + ": " + e.getMessage(), e);
        }
    }

    private <C extends Channel> C marked(C channel) {
        SocketOptions.setMark(((UnixChannel) channel).fd().intValue(), mark);
        return channel;
    }
}
