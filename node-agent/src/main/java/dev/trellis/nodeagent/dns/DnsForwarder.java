package dev.trellis.nodeagent.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends queries the proxy does not answer to the upstream resolver over one UDP socket (marked by its
 * creator so the pod's redirection lets it out), under fresh ids, and hands each answer back with the
 * caller's id restored. A query unanswered within the timeout gets SERVFAIL. All state lives on the
 * socket's event loop.
 */
final class DnsForwarder extends SimpleChannelInboundHandler<DatagramPacket> {
    private final InetSocketAddress upstream;
    private final Duration timeout;
    private final DnsMetrics metrics;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private Channel channel;
    private int nextId;

    DnsForwarder(InetSocketAddress upstream, Duration timeout, DnsMetrics metrics) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    /** Forwards {@code query}; {@code reply} gets the answer (or SERVFAIL) on the forwarder's event loop. */
    void forward(ByteBuffer query, DnsMessages.Question question, Consumer<ByteBuffer> reply) {
        channel.eventLoop().execute(() -> send(query, question, reply));
    }

    private void send(ByteBuffer query, DnsMessages.Question question, Consumer<ByteBuffer> reply) {
        if (pending.size() >= 65_000) {
            metrics.failed();
            reply.accept(DnsMessages.serverFailure(query, question));
            return;
        }
        int id;
        do {
            id = nextId = (nextId + 1) & 0xffff;
        } while (pending.containsKey(id));
        int key = id;
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            Pending p = pending.remove(key);
            if (p != null) {
                metrics.failed();
                p.reply().accept(DnsMessages.serverFailure(p.query(), p.question()));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(id, new Pending(query, question, reply, timer));
        ByteBuf out = Unpooled.copiedBuffer(query.duplicate());
        out.setShort(0, id);
        channel.writeAndFlush(new DatagramPacket(out, upstream));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        if (content.readableBytes() < DnsMessages.HEADER || !packet.sender().equals(upstream)) {
            return;
        }
        Pending p = pending.remove(content.getUnsignedShort(content.readerIndex()));
        if (p == null) {
            return;
        }
        p.timer().cancel(false);
        ByteBuffer answer = ByteBuffer.allocate(content.readableBytes());
        content.getBytes(content.readerIndex(), answer);
        answer.flip();
        answer.putShort(0, (short) p.question().id());
        metrics.forwarded();
        p.reply().accept(answer);
    }

    private record Pending(ByteBuffer query, DnsMessages.Question question, Consumer<ByteBuffer> reply,
            ScheduledFuture<?> timer) {
    }
}
