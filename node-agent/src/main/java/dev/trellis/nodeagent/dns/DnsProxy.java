package dev.trellis.nodeagent.dns;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS proxy of one pod: UDP and TCP listeners on the DNS port inside the pod's network namespace, and a
 * forwarder socket to the upstream resolver. {@link #start} must run on a thread that is in the pod's
 * namespace (sockets belong to the namespace of the thread that creates them). Service names come from
 * {@link #update}, shared by every pod of the node.
 */
public final class DnsProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsProxy.class);
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);

    private final List<Channel> channels;

    private DnsProxy(List<Channel> channels) {
        this.channels = channels;
    }

    /** The table of service names every proxy of a node reads; replace it on each snapshot. */
    public static final class Names {
        private final AtomicReference<ServiceNames> current = new AtomicReference<>(ServiceNames.EMPTY);

        public void update(MeshSnapshot snapshot) {
            current.set(ServiceNames.of(snapshot));
        }

        ServiceNames get() {
            return current.get();
        }
    }

    /**
     * Binds UDP and TCP on {@code listen} and the forwarder's socket, all on the calling thread's namespace.
     *
     * @param upstreamSocket customizes the forwarder's socket before it binds (the node-agent sets SO_MARK)
     */
    public static DnsProxy start(Transport transport, EventLoopGroup group, InetSocketAddress listen,
            InetSocketAddress upstream, Names names, DnsMetrics metrics, Consumer<Channel> upstreamSocket)
            throws InterruptedException {
        DnsForwarder forwarder = new DnsForwarder(upstream, UPSTREAM_TIMEOUT, metrics);
        Channel upstreamChannel = new Bootstrap().group(group).channel(transport.datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        upstreamSocket.accept(ch);
                        ch.pipeline().addLast(forwarder);
                    }
                })
                .bind(new InetSocketAddress(upstream.getAddress().getAddress().length == 4 ? "0.0.0.0" : "::", 0))
                .sync().channel();
        Resolver resolver = new Resolver(names, forwarder, metrics);
        try {
            Channel udp = transport.sharedPort(new Bootstrap().group(group).channel(transport.datagramChannel()))
                    .handler(new UdpHandler(resolver)).bind(listen).sync().channel();
            Channel tcp = transport.sharedPort(new ServerBootstrap().group(group).channel(transport.serverSocketChannel()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(30),
                                    new LengthFieldBasedFrameDecoder(65_535, 0, 2, 0, 2),
                                    new LengthFieldPrepender(2), new TcpHandler(resolver));
                        }
                    }).bind(listen).sync().channel();
            return new DnsProxy(List.of(udp, tcp, upstreamChannel));
        } catch (RuntimeException | InterruptedException e) {
            upstreamChannel.close();
            throw e;
        }
    }

    /** The UDP listener's bound address (tests bind port 0). */
    public InetSocketAddress udpAddress() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) channels.get(1).localAddress();
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
    }

    /** Answers a query from the names, or forwards it; malformed queries get nothing. */
    private record Resolver(Names names, DnsForwarder forwarder, DnsMetrics metrics) {
        void resolve(ByteBuffer query, Consumer<ByteBuffer> reply) {
            DnsMessages.Question question;
            try {
                question = DnsMessages.readQuestion(query);
            } catch (MalformedDnsException e) {
                metrics.malformed();
                log.debug("dns: dropped a malformed query: {}", e.getMessage());
                return;
            }
            Optional<ByteBuffer> answer = DnsMessages.answer(query, question, names.get());
            if (answer.isPresent()) {
                metrics.answered();
                reply.accept(answer.get());
            } else {
                forwarder.forward(query, question, reply);
            }
        }
    }

    private static ByteBuffer copy(ByteBuf in) {
        ByteBuffer b = ByteBuffer.allocate(in.readableBytes());
        in.getBytes(in.readerIndex(), b);
        return b.flip();
    }

    private static final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Resolver resolver;

        UdpHandler(Resolver resolver) {
            this.resolver = resolver;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            Channel ch = ctx.channel();
            resolver.resolve(copy(packet.content()),
                    answer -> ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender)));
        }
    }

    private static final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final Resolver resolver;

        TcpHandler(Resolver resolver) {
            this.resolver = resolver;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Channel ch = ctx.channel();
            resolver.resolve(copy(frame), answer -> ch.writeAndFlush(Unpooled.wrappedBuffer(answer)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
