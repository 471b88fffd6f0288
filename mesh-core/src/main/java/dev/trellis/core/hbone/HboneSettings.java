package dev.trellis.core.hbone;

import java.time.Duration;

/**
 * Tuning of HBONE connections, shared by client and server.
 *
 * @param streamWindow HTTP/2 initial stream window: large, so one stream can fill a fast link
 * @param connectionWindow HTTP/2 connection window: room for many busy streams
 * @param maxFrameSize largest DATA frame we accept: fewer frames per byte moved
 * @param maxStreamsPerConnection streams a client multiplexes on one TLS connection before opening another
 * @param idleStreamTimeout a stream with no bytes either way for this long is reset
 * @param pingInterval an HTTP/2 PING after this much silence on a connection; no answer within one more
 *     interval closes it
 * @param connectTimeout TCP + TLS set-up of a new connection
 */
public record HboneSettings(int streamWindow, int connectionWindow, int maxFrameSize, int maxStreamsPerConnection,
        Duration idleStreamTimeout, Duration pingInterval, Duration connectTimeout) {

    public static final HboneSettings DEFAULT = new HboneSettings(4 << 20, 16 << 20, 1 << 16, 100,
            Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(5));

    public HboneSettings {
        if (streamWindow < 65_535) {
            throw new IllegalArgumentException("streamWindow: " + streamWindow + " (expected: >= 65535)");
        }
        if (connectionWindow < streamWindow) {
            throw new IllegalArgumentException("connectionWindow: " + connectionWindow + " (expected: >= streamWindow)");
        }
        if (maxFrameSize < 16_384 || maxFrameSize > 16_777_215) {
            throw new IllegalArgumentException("maxFrameSize: " + maxFrameSize + " (expected: 16384-16777215)");
        }
        if (maxStreamsPerConnection < 1) {
            throw new IllegalArgumentException("maxStreamsPerConnection: " + maxStreamsPerConnection + " (expected: > 0)");
        }
    }

    public HboneSettings withMaxStreamsPerConnection(int max) {
        return new HboneSettings(streamWindow, connectionWindow, maxFrameSize, max, idleStreamTimeout, pingInterval,
                connectTimeout);
    }

    public HboneSettings withIdleStreamTimeout(Duration timeout) {
        return new HboneSettings(streamWindow, connectionWindow, maxFrameSize, maxStreamsPerConnection, timeout,
                pingInterval, connectTimeout);
    }
}
