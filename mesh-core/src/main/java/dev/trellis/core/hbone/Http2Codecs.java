package dev.trellis.core.hbone;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Exception;

/** The HTTP/2 frame codec both ends of a tunnel use, with the windows and frame size of {@link HboneSettings}. */
final class Http2Codecs {

    /** How many streams a server lets one client open at once; clients bound themselves lower. */
    static final long SERVER_MAX_CONCURRENT_STREAMS = 1_000;
    static final int MAX_RESETS_PER_WINDOW = 20_000;
    static final int RESET_WINDOW_SECONDS = 10;

    private Http2Codecs() {
    }

    static Http2FrameCodec server(HboneSettings settings) {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(settings(settings).maxConcurrentStreams(SERVER_MAX_CONCURRENT_STREAMS))
                .autoAckPingFrame(true)
                // Our stream handler validates the CONNECT itself, so that a malformed one is answered 400 and
                // counted instead of being reset by the codec unseen.
                .validateHeaders(false)
                // Every tunnelled connection that ends abruptly resets its stream (and DATA still in flight
                // for it draws more resets), and a busy node ends many: Netty's default guards (200
                // RST_STREAM sent or received in 30 s) would tear down the whole connection and every tunnel
                // on it. Peers here are authenticated workloads; the guards stay, with bounds that fit a
                // node's churn.
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .build();
    }

    static Http2FrameCodec client(HboneSettings settings) {
        return Http2FrameCodecBuilder.forClient()
                .initialSettings(settings(settings).pushEnabled(false))
                .autoAckPingFrame(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .build();
    }

    /** Raises the connection window (HTTP/2 starts every connection at 64 KiB) once the codec is active. */
    static ChannelHandler connectionWindow(Http2FrameCodec codec, HboneSettings settings) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) throws Http2Exception {
                var connection = codec.connection();
                int delta = settings.connectionWindow() - connection.local().flowController()
                        .windowSize(connection.connectionStream());
                if (delta > 0) {
                    connection.local().flowController().incrementWindowSize(connection.connectionStream(), delta);
                }
                ctx.pipeline().remove(this);
            }
        };
    }

    /** Settings both sides send. ENABLE_PUSH is the client's alone: a server that sends it breaks the protocol. */
    private static Http2Settings settings(HboneSettings s) {
        return Http2Settings.defaultSettings()
                .initialWindowSize(s.streamWindow())
                .maxFrameSize(s.maxFrameSize());
    }
}
