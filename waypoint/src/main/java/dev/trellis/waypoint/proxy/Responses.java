package dev.trellis.waypoint.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the waypoint makes itself (errors, redirects), with a text body saying why. */
final class Responses {

    /** Set on 503s that the circuit breaker produced, naming the limit that overflowed. */
    static final String OVERFLOW_HEADER = "x-trellis-overflow";
    /** Set on 429s that the destination's local rate limit produced. */
    static final String RATE_LIMITED_HEADER = "x-trellis-ratelimited";
    /** Set on answers that fault injection made up instead of the destination. */
    static final String FAULT_HEADER = "x-trellis-fault";

    private Responses() {
    }

    static FullHttpResponse error(HttpResponseStatus status, String reason) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return r;
    }
}
