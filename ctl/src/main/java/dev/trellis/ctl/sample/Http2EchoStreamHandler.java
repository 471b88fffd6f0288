package dev.trellis.ctl.sample;

import dev.trellis.api.sample.v1.EchoReply;
import dev.trellis.api.sample.v1.EchoRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 stream: collects the request, then answers in JSON, or, for {@code application/grpc}, with an
 * {@code EchoReply} message and trailers (a failure is a trailers-only UNAVAILABLE).
 */
final class Http2EchoStreamHandler extends ChannelInboundHandlerAdapter {

    private static final int GRPC_UNAVAILABLE = 14;

    private final EchoResponder responder;
    private Http2Headers requestHeaders;
    private CompositeByteBuf body;

    Http2EchoStreamHandler(EchoResponder responder) {
        this.responder = responder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                if (requestHeaders == null) {
                    requestHeaders = headers.headers();
                    body = ctx.alloc().compositeBuffer();
                }
                if (headers.isEndStream()) {
                    respondLater(ctx);
                }
            } else if (msg instanceof Http2DataFrame data) {
                body.addComponent(true, data.content().retain());
                if (data.isEndStream()) {
                    respondLater(ctx);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        releaseBody();
        ctx.close();
    }

    private void respondLater(ChannelHandlerContext ctx) {
        long delay = responder.identity().delay().toNanos();
        if (delay > 0) {
            ctx.executor().schedule(() -> respond(ctx), delay, TimeUnit.NANOSECONDS);
        } else {
            respond(ctx);
        }
    }

    private void respond(ChannelHandlerContext ctx) {
        try {
            CharSequence contentType = requestHeaders.get("content-type");
            if (contentType != null && contentType.toString().startsWith("application/grpc")) {
                respondGrpc(ctx);
            } else {
                respondJson(ctx);
            }
        } finally {
            releaseBody();
        }
    }

    private void respondJson(ChannelHandlerContext ctx) {
        String path = String.valueOf(requestHeaders.path());
        int q = path.indexOf('?');
        EchoResponder.Answer answer = responder.answer(new EchoRequestSeen("HTTP/2", String.valueOf(requestHeaders.method()),
                q < 0 ? path : path.substring(0, q), q < 0 ? "" : path.substring(q + 1), headerMap(),
                EchoRequestSeen.client(ctx.channel().parent() == null ? ctx.channel().remoteAddress()
                        : ctx.channel().parent().remoteAddress())));
        Http2Headers headers = new DefaultHttp2Headers().status(Integer.toString(answer.status()))
                .set("content-type", "application/json");
        ctx.write(new DefaultHttp2HeadersFrame(headers));
        ctx.writeAndFlush(new DefaultHttp2DataFrame(
                Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8), true));
    }

    private void respondGrpc(ChannelHandlerContext ctx) {
        Http2Headers response = new DefaultHttp2Headers().status("200").set("content-type", "application/grpc");
        if (responder.shouldFail()) {
            response.setInt("grpc-status", GRPC_UNAVAILABLE).set("grpc-message", "simulated failure");
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(response, true));
            return;
        }
        EchoRequest request;
        try {
            request = EchoRequest.parseFrom(ByteBufUtil.getBytes(body, body.readerIndex() + 5,
                    Math.max(0, body.readableBytes() - 5)));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            response.setInt("grpc-status", 3).set("grpc-message", "bad EchoRequest: " + e.getMessage());
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(response, true));
            return;
        }
        EchoIdentity id = responder.identity();
        EchoReply.Builder reply = EchoReply.newBuilder().setPod(id.pod()).setNamespace(id.namespace())
                .setVersion(id.version()).setMessage(request.getMessage());
        headerMap().forEach((k, v) -> reply.putMetadata(k, String.join(",", v)));
        byte[] bytes = reply.build().toByteArray();
        ByteBuf frame = ctx.alloc().buffer(5 + bytes.length).writeByte(0).writeInt(bytes.length).writeBytes(bytes);
        ctx.write(new DefaultHttp2HeadersFrame(response));
        ctx.write(new DefaultHttp2DataFrame(frame));
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().setInt("grpc-status", 0), true));
    }

    private Map<String, List<String>> headerMap() {
        Map<String, List<String>> map = new TreeMap<>();
        requestHeaders.forEach(h -> {
            String name = h.getKey().toString();
            if (!name.startsWith(":")) {
                map.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue().toString());
            }
        });
        CharSequence authority = requestHeaders.authority();
        if (authority != null) {
            map.put("host", List.of(authority.toString()));
        }
        return map;
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
