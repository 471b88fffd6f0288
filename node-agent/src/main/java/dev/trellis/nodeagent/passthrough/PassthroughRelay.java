package dev.trellis.nodeagent.passthrough;

import dev.trellis.core.hbone.EarlyBytes;
import dev.trellis.core.hbone.Relay;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
        downstream.pipeline().addLast(EARLY, new EarlyBytes());
        Bootstrap b = upstream.clone(downstream.eventLoop())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new EarlyBytes());
        ChannelFuture connect = b.connect(target);
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                listener.connectFailed(f.cause());
                downstream.config().setOption(ChannelOption.SO_LINGER, 0);
                downstream.close();
                return;
            }
            wire(downstream, f.channel(), listener);
        });
        return connect;
    }

    private static void wire(Channel downstream, Channel upstream, RelayListener listener) {
        listener.connected(upstream);
        if (!downstream.isActive()) {
            upstream.close();
            listener.closed(new RelayFailure(RelayFailure.Side.DOWNSTREAM, new ClosedChannelException()));
            return;
        }
        // mesh-core's Relay carries the bytes (and the Netty epoll work-arounds); this class adds the connect and
        // translates the outcome for telemetry.
        Relay.splice(downstream, upstream, result -> {
            listener.sent(result.bytesAToB());
            listener.received(result.bytesBToA());
            listener.closed(result.failure().map(f -> new RelayFailure(
                    f.onA() ? RelayFailure.Side.DOWNSTREAM : RelayFailure.Side.UPSTREAM, f.cause())).orElse(null));
        });
    }
}
