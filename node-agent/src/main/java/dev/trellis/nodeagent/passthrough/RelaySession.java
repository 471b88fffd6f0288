package dev.trellis.nodeagent.passthrough;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;

/**
 * The shared state of one relay: which inputs have ended and whether it is over. Touched only on the
 * downstream's event loop (the upstream is registered on the same loop), so it needs no locks.
 *
 * <p>Invariant: {@link RelayListener#closed} is called once, when both channels are closed.
 */
final class RelaySession {

    private final Channel downstream;
    private final Channel upstream;
    private final RelayListener listener;
    private boolean downstreamInputEnded;
    private boolean upstreamInputEnded;
    private int closedChannels;
    private RelayFailure failure;

    RelaySession(Channel downstream, Channel upstream, RelayListener listener) {
        this.downstream = downstream;
        this.upstream = upstream;
        this.listener = listener;
    }

    boolean inputEnded(Channel channel) {
        return channel == downstream ? downstreamInputEnded : upstreamInputEnded;
    }

    /** {@code channel}'s input ended: pass the half-close on to {@code peer} after its pending writes. */
    void inputEnded(Channel channel, Channel peer) {
        if (channel == downstream) {
            downstreamInputEnded = true;
        } else {
            upstreamInputEnded = true;
        }
        RelayHandler.afterPendingWrites(peer, f -> {
            if (!f.isSuccess()) {
                fail(peer, f.cause());
            } else if (downstreamInputEnded && upstreamInputEnded) {
                downstream.close();
                upstream.close();
            } else if (peer instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                peer.close();
            }
        });
    }

    /** A channel closed (orderly or not): close the other once its pending writes are out. */
    void channelClosed(Channel channel, Channel peer) {
        closedChannels++;
        if (peer.isActive()) {
            RelayHandler.afterPendingWrites(peer, f -> peer.close());
        }
        if (closedChannels == 2) {
            listener.closed(failure);
        }
    }

    /**
     * An I/O error on {@code channel}: reset both connections (SO_LINGER 0), so that both ends see the
     * failure. The first failure is the one reported.
     */
    void fail(Channel channel, Throwable cause) {
        if (failure == null) {
            failure = new RelayFailure(channel == downstream ? RelayFailure.Side.DOWNSTREAM
                    : RelayFailure.Side.UPSTREAM, cause);
        }
        reset(downstream);
        reset(upstream);
    }

    private static void reset(Channel channel) {
        if (channel.isOpen()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException ignored) {
                // Some transports refuse SO_LINGER on a closing socket; a plain close still ends the relay.
            }
            channel.close();
        }
    }
}
