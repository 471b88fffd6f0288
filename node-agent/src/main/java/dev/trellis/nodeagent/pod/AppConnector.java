package dev.trellis.nodeagent.pod;

import dev.trellis.core.hbone.EarlyBytes;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Connects to the app inside the pod from the caller's own address: a transparent socket bound to the
 * caller's IP, marked so that the pod's rules route the app's replies back to the agent (DESIGN.md, traffic
 * capture). The app sees the real client address.
 */
final class AppConnector {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private AppConnector() {
    }

    static CompletableFuture<Channel> connect(PodSockets sockets, EventLoop loop, InetAddress caller,
            InetSocketAddress app) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        ChannelFuture f = new Bootstrap().group(loop).channelFactory(sockets.transparent())
                .option(ChannelOption.AUTO_READ, false).option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        CONNECT_TIMEOUT_MILLIS)
                .handler(new EarlyBytes()).localAddress(new InetSocketAddress(caller, 0)).connect(app);
        f.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                result.complete(done.channel());
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }
}
