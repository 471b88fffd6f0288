package dev.trellis.nodeagent.passthrough;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;

/**
 * Connects an accepted connection to its target and relays plain TCP both ways.
 *
 * <p>The upstream channel is registered on the downstream's event loop (as in Netty's proxy example), so the
 * two never cross threads. Both channels read only on demand (AUTO_READ off) and allow half-closure, so a
 * caller that shuts down its output still receives the answer.
 */
public final class PassthroughRelay {

    private static final String EARLY = "relay-early";
    private static final String RELAY = "relay";

    private PassthroughRelay() {
    }

    /**
     * Starts relaying {@code downstream} to {@code target}.
     *
     * @param downstream the accepted connection, registered and active; its reads are taken over here
     * @param upstream a bootstrap with the channel type and socket options for the target (e.g. SO_MARK, a
     *     connect timeout); it is cloned, never changed
     * @param target where to connect
     * @param listener told about the connection, its bytes and its end
     * @return the connect attempt
     */
    public static ChannelFuture start(Channel downstream, Bootstrap upstream, InetSocketAddress target,
            RelayListener listener) {
        downstream.config().setAutoRead(false);
        downstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        EarlyInboundHandler early = new EarlyInboundHandler();
        downstream.pipeline().addLast(EARLY, early);
        Bootstrap b = upstream.clone(downstream.eventLoop())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new ChannelInboundHandlerAdapter());
        ChannelFuture connect = b.connect(target);
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                listener.connectFailed(f.cause());
                downstream.config().setOption(ChannelOption.SO_LINGER, 0);
                downstream.close();
                return;
            }
            wire(downstream, f.channel(), listener, early);
        });
        return connect;
    }

    private static void wire(Channel downstream, Channel upstream, RelayListener listener,
            EarlyInboundHandler early) {
        listener.connected(upstream);
        if (!downstream.isActive()) {
            upstream.close();
            listener.closed(new RelayFailure(RelayFailure.Side.DOWNSTREAM, new ClosedChannelException()));
            return;
        }
        RelaySession session = new RelaySession(downstream, upstream, listener);
        upstream.pipeline().addLast(RELAY, new RelayHandler(session, downstream, listener::received));
        downstream.pipeline().addLast(RELAY, new RelayHandler(session, upstream, listener::sent));
        early.replay(downstream.pipeline().context(early));
        if (!session.inputEnded(downstream)) {
            downstream.read();
        }
        upstream.read();
    }
}
