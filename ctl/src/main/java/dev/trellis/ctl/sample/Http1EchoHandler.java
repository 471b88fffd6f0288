package dev.trellis.ctl.sample;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Answers HTTP/1.1 requests (aggregated; the sample's bodies are small), keep-alive honoured. */
final class Http1EchoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final EchoResponder responder;

    Http1EchoHandler(EchoResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        Map<String, List<String>> headers = new TreeMap<>();
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT),
                k -> new ArrayList<>()).add(h.getValue()));
        EchoResponder.Answer answer = responder.answer(new EchoRequestSeen("HTTP/1.1", request.method().name(),
                q < 0 ? uri : uri.substring(0, q), q < 0 ? "" : uri.substring(q + 1), headers,
                EchoRequestSeen.client(ctx.channel().remoteAddress())));
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        long delay = responder.identity().delay().toNanos();
        Runnable send = () -> {
            var f = ctx.writeAndFlush(response);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        };
        if (delay > 0) {
            ctx.executor().schedule(send, delay, TimeUnit.NANOSECONDS);
        } else {
            send.run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
