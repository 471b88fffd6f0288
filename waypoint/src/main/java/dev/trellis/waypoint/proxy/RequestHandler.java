package dev.trellis.waypoint.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Hands each downstream request to the {@link RequestProcessor} and writes its answer. On HTTP/1.1 one
 * request is in flight at a time (reading pauses until the answer is written), so answers keep the order of
 * requests; on HTTP/2 each stream has its own handler.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final RequestProcessor processor;
    private final ConnectionContext context;
    private final boolean h2;

    RequestHandler(RequestProcessor processor, ConnectionContext context, boolean h2) {
        super(false);
        this.processor = processor;
        this.context = context;
        this.h2 = h2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // Malformed input: say so and end this connection; other connections are untouched.
            String reason = "malformed request: " + request.decoderResult().cause().getMessage();
            request.release();
            ctx.writeAndFlush(Responses.error(HttpResponseStatus.BAD_REQUEST, reason))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!h2) {
            ctx.channel().config().setAutoRead(false);
        }
        boolean keepAlive = h2 || HttpUtil.isKeepAlive(request);
        processor.process(request, context, h2, ctx.channel().eventLoop()).whenComplete((response, failure) ->
                ctx.executor().execute(() -> write(ctx, response, keepAlive)));
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive && !h2) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else if (!h2) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
