package dev.trellis.waypoint.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.time.Duration;

/** Assembles the pipeline of a connection once its protocol is known: the one place that does. */
final class PipelineFactory {

    private final RequestProcessor processor;
    private final TcpFallback tcp;
    private final Duration detectionTimeout;
    private final int maxBodyBytes;

    PipelineFactory(RequestProcessor processor, TcpFallback tcp, Duration detectionTimeout, int maxBodyBytes) {
        this.processor = processor;
        this.tcp = tcp;
        this.detectionTimeout = detectionTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    Duration detectionTimeout() {
        return detectionTimeout;
    }

    /** The initializer of the internal listener's accepted connections. */
    ChannelInitializer<Channel> initializer(InternalListener listener) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("detect", new ProtocolDetector(PipelineFactory.this, listener));
            }
        };
    }

    void install(ChannelPipeline p, ProtocolDetector.Protocol protocol, ConnectionContext context) {
        switch (protocol) {
            case HTTP1 -> {
                p.addLast("http", new HttpServerCodec());
                p.addLast("keep-alive", new HttpServerKeepAliveHandler());
                p.addLast("aggregate", new HttpObjectAggregator(maxBodyBytes));
                p.addLast("request", new RequestHandler(processor, context, false));
                p.channel().config().setAutoRead(true);
            }
            case H2C -> {
                p.addLast("h2", Http2FrameCodecBuilder.forServer().build());
                p.addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel stream) {
                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                        stream.pipeline().addLast(new HttpObjectAggregator(maxBodyBytes));
                        stream.pipeline().addLast(new RequestHandler(processor, context, true));
                    }
                }));
                p.channel().config().setAutoRead(true);
            }
            case TCP -> tcp.start(p, context);
        }
    }
}
