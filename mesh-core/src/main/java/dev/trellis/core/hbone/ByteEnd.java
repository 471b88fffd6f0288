package dev.trellis.core.hbone;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * How to half-close and how to reset one end of a relay: a TCP socket (FIN; RST through SO_LINGER 0) or an
 * HBONE stream (END_STREAM; RST_STREAM).
 */
enum ByteEnd {
    SOCKET {
        @Override
        ChannelFuture shutdownOutput(Channel channel) {
            return ((DuplexChannel) channel).shutdownOutput();
        }

        @Override
        void reset(Channel channel) {
            if (channel.isOpen()) {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
            }
        }
    },
    STREAM {
        @Override
        ChannelFuture shutdownOutput(Channel channel) {
            return channel.writeAndFlush(new DefaultHttp2DataFrame(true));
        }

        @Override
        void reset(Channel channel) {
            if (channel.isActive()) {
                channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            }
            channel.close();
        }
    };

    abstract ChannelFuture shutdownOutput(Channel channel);

    abstract void reset(Channel channel);

    static ByteEnd of(Channel channel) {
        return channel instanceof Http2StreamChannel ? STREAM : SOCKET;
    }
}
