package dev.trellis.core.hbone;

import dev.trellis.core.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opens the plain TCP connection at the far end of a tunnel, on the caller's event loop, ready for a relay
 * (auto-read off, half-close allowed, no Nagle). A customizer may add socket options such as SO_MARK or a
 * transparent source bind.
 */
public final class UpstreamConnector {

    private final Duration connectTimeout;
    private final Consumer<Bootstrap> customizer;

    public UpstreamConnector(Duration connectTimeout, Consumer<Bootstrap> customizer) {
        this.connectTimeout = connectTimeout;
        this.customizer = customizer;
    }

    public static UpstreamConnector plain(Duration connectTimeout) {
        return new UpstreamConnector(connectTimeout, b -> { });
    }

    public Future<Channel> connect(SocketAddress target, EventLoop loop) {
        Bootstrap b = new Bootstrap().group(loop)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new EarlyBytes());
        customizer.accept(b);
        if (b.config().channelFactory() == null) {
            // The customizer may bring its own channel factory (the node-agent creates sockets in a pod).
            b.channel(Transport.best().socketChannel());
        }
        var promise = loop.<Channel>newPromise();
        b.connect(target).addListener((io.netty.channel.ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                promise.setSuccess(f.channel());
            } else {
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }
}
