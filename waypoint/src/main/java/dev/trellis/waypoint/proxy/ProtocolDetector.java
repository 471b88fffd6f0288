package dev.trellis.waypoint.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * The first stage of every tunnelled connection: reads the first bytes and decides the protocol: the HTTP/2
 * connection preface means h2c (prior knowledge; gRPC is HTTP/2), an upper-case token and a space an
 * HTTP/1.x request line; anything else, or a client silent for the detection timeout (a server-first
 * protocol), is relayed as TCP. Replaces itself with the chosen pipeline; the bytes read so far go on to it.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    /** Longest method token we accept as HTTP/1 ({@code OPTIONS}, {@code CONNECT}) plus the space. */
    private static final int MAX_METHOD = 8;

    private final PipelineFactory pipelines;
    private final InternalListener listener;
    private ConnectionContext context;
    private boolean decided;

    ProtocolDetector(PipelineFactory pipelines, InternalListener listener) {
        this.pipelines = pipelines;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
        ctx.executor().schedule(() -> {
            if (!decided && ctx.channel().isActive()) {
                decide(ctx, Protocol.TCP);
            }
        }, pipelines.detectionTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            return;
        }
        Protocol p = detect(in);
        if (p != null) {
            decide(ctx, p);
        } else {
            ctx.read();
        }
    }

    /** The protocol, or null if more bytes are needed. */
    static Protocol detect(ByteBuf in) {
        ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
        try {
            int n = Math.min(in.readableBytes(), preface.readableBytes());
            if (ByteBufUtil.equals(in, in.readerIndex(), preface, 0, n)) {
                return n == preface.readableBytes() ? Protocol.H2C : null;
            }
        } finally {
            preface.release();
        }
        for (int i = 0; i < Math.min(in.readableBytes(), MAX_METHOD + 1); i++) {
            byte b = in.getByte(in.readerIndex() + i);
            if (b == ' ') {
                return i > 0 ? Protocol.HTTP1 : Protocol.TCP;
            }
            if (b < 'A' || b > 'Z') {
                return Protocol.TCP;
            }
        }
        return in.readableBytes() > MAX_METHOD ? Protocol.TCP : null;
    }

    private void decide(ChannelHandlerContext ctx, Protocol protocol) {
        decided = true;
        if (context == null) {
            context = listener.take(ctx.channel());
        }
        if (context == null) {
            ctx.close(); // not from one of our tunnels
            return;
        }
        pipelines.install(ctx.pipeline(), protocol, context);
        ctx.pipeline().remove(this);
    }

    /** What a connection carries. */
    enum Protocol {
        HTTP1,
        H2C,
        TCP
    }
}
