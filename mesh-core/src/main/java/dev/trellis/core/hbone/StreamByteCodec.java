package dev.trellis.core.hbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;

/**
 * Makes an established HBONE stream look like a TCP connection to the handlers above it: DATA frames in
 * become bytes, bytes out become DATA frames, END_STREAM in becomes {@link ChannelInputShutdownEvent} (as a
 * half-closed socket reports it), and RST_STREAM in becomes {@link StreamResetEvent}.
 */
final class StreamByteCodec extends ChannelDuplexHandler {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            boolean end = data.isEndStream();
            ByteBuf content = data.content();
            if (content.isReadable()) {
                ctx.fireChannelRead(content);
            } else {
                content.release();
            }
            if (end) {
                ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
        } else if (msg instanceof Http2ResetFrame reset) {
            ctx.fireUserEventTriggered(new StreamResetEvent(reset.errorCode()));
        } else {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            ctx.write(new DefaultHttp2DataFrame(buf), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /** The peer reset the stream (RST_STREAM) with this HTTP/2 error code. */
    record StreamResetEvent(long errorCode) {
    }
}
