package dev.trellis.waypoint.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.concurrent.CompletableFuture;

/**
 * One request/response exchange over a fresh HBONE tunnel, in HTTP/1.1 or h2c (prior knowledge; gRPC needs
 * it so that trailers survive). The tunnel is closed once the answer is in; the TLS
 * connection under it stays pooled by the HBONE client.
 */
final class TunnelExchange {

    private final int maxBodyBytes;

    TunnelExchange(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Sends {@code request} (released here) and completes with the whole response, or fails if the tunnel ends first. */
    CompletableFuture<FullHttpResponse> send(Channel tunnel, FullHttpRequest request, boolean h2) {
        CompletableFuture<FullHttpResponse> result = new CompletableFuture<>();
        tunnel.eventLoop().execute(() -> {
            if (h2) {
                sendH2(tunnel, request, result);
            } else {
                sendHttp1(tunnel, request, result);
            }
        });
        tunnel.closeFuture().addListener(f ->
                result.completeExceptionally(new java.io.IOException("upstream tunnel closed before the response")));
        return result;
    }

    private void sendHttp1(Channel tunnel, FullHttpRequest request, CompletableFuture<FullHttpResponse> result) {
        tunnel.pipeline().addLast("http", new HttpClientCodec());
        tunnel.pipeline().addLast("aggregate", new HttpObjectAggregator(maxBodyBytes));
        tunnel.pipeline().addLast("response", new Collector(result, tunnel));
        startReading(tunnel);
        tunnel.writeAndFlush(request);
    }

    private void sendH2(Channel tunnel, FullHttpRequest request, CompletableFuture<FullHttpResponse> result) {
        request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
        tunnel.pipeline().addLast("h2", Http2FrameCodecBuilder.forClient().build());
        tunnel.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        startReading(tunnel);
        new Http2StreamChannelBootstrap(tunnel).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
                stream.pipeline().addLast(new HttpObjectAggregator(maxBodyBytes));
                stream.pipeline().addLast(new Collector(result, tunnel));
            }
        }).open().addListener(f -> {
            if (f.isSuccess()) {
                ((Channel) f.getNow()).writeAndFlush(request);
            } else {
                request.release();
                result.completeExceptionally(f.cause());
                tunnel.close();
            }
        });
    }

    /** Releases what the tunnel held back before our codecs were in place into them, then reads on. */
    private static void startReading(Channel tunnel) {
        var early = tunnel.pipeline().get(dev.trellis.core.hbone.EarlyBytes.class);
        if (early != null) {
            tunnel.pipeline().remove(early);
        }
        tunnel.config().setAutoRead(true);
    }

    /** Completes the exchange with the first whole response and closes the tunnel. */
    private static final class Collector extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<FullHttpResponse> result;
        private final Channel tunnel;

        Collector(CompletableFuture<FullHttpResponse> result, Channel tunnel) {
            super(false);
            this.result = result;
            this.tunnel = tunnel;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (!result.complete(response)) {
                response.release();
            }
            tunnel.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            tunnel.close();
        }
    }
}
