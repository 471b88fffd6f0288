package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound HBONE stream before it carries bytes: validates the CONNECT, asks the request handler, answers
 * with the status, and on 200 hands the stream to a {@link Relay}. Frames that arrive before the answer wait
 * in the stream (auto-read is off), held back by HTTP/2 flow control.
 */
final class ServerStreamHandler extends ChannelInboundHandlerAdapter implements HboneResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ServerStreamHandler.class);
    /** Request headers passed on to the handler; others are dropped. */
    private static final List<String> KEPT_HEADERS = List.of("forwarded", "traceparent", "tracestate", "baggage");

    private final HboneRequestHandler handler;
    private final HboneMetrics metrics;
    private final HboneSettings settings;
    private ChannelHandlerContext ctx;
    private boolean answered;

    ServerStreamHandler(HboneRequestHandler handler, HboneMetrics metrics, HboneSettings settings) {
        this.handler = handler;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setAutoRead(false);
        ctx.channel().read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof Http2HeadersFrame frame) || answered) {
                return;
            }
            Http2Headers h = frame.headers();
            if (!"CONNECT".contentEquals(h.method() == null ? "" : h.method())) {
                reject(HboneRejection.NOT_CONNECT, "method " + h.method());
                return;
            }
            InetSocketAddress target = Authorities.parse(h.authority());
            if (target == null) {
                reject(HboneRejection.BAD_AUTHORITY, "authority '" + h.authority() + "'");
                return;
            }
            if (MeshPorts.isMeshPort(target.getPort())) {
                reject(HboneRejection.MESH_PORT, "target " + target + " is a mesh port");
                return;
            }
            Map<String, String> kept = new HashMap<>();
            for (String name : KEPT_HEADERS) {
                CharSequence v = h.get(name);
                if (v != null) {
                    kept.put(name, v.toString());
                }
            }
            SpiffeId peer = PeerIdentity.of(ctx.channel()).orElseThrow();
            InetSocketAddress local = (InetSocketAddress) ctx.channel().parent().localAddress();
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().parent().remoteAddress();
            handler.handle(new HboneRequest(peer, target, local, remote, kept), this);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public void accept(Channel upstream) {
        accept(upstream, result -> { });
    }

    @Override
    public void accept(Channel upstream, java.util.function.Consumer<Relay.RelayResult> onDone) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> accept(upstream, onDone));
            return;
        }
        if (answered || !ctx.channel().isActive()) {
            upstream.close();
            onDone.accept(new Relay.RelayResult(0, 0, java.util.Optional.of(new Relay.Failure(true,
                    new java.io.IOException("the stream closed before it was answered")))));
            return;
        }
        answered = true;
        metrics.accepted();
        Channel stream = ctx.channel();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
        long idle = settings.idleStreamTimeout().toMillis();
        stream.pipeline().replace(this, "bytes", new StreamByteCodec());
        stream.pipeline().addBefore("bytes", "idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        stream.pipeline().addAfter("bytes", EarlyBytes.NAME, new EarlyBytes());
        Relay.splice(stream, upstream, onDone);
    }

    @Override
    public void reject(HboneRejection reason, String detail) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> reject(reason, detail));
            return;
        }
        if (answered) {
            return;
        }
        answered = true;
        metrics.rejected(reason);
        LOG.debug("HBONE stream from {} refused ({}): {}", PeerIdentity.of(ctx.channel()).orElse(null),
                reason.label(), detail);
        String status = switch (reason) {
            case DENIED -> "401";
            case UPSTREAM_FAILED -> "503";
            default -> "400";
        };
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status(status), true))
                .addListener(f -> ctx.close());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HBONE stream failed before an answer", cause);
        ctx.close();
    }
}
