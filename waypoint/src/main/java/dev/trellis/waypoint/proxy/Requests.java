package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.route.HeaderModifier;
import dev.trellis.waypoint.route.RequestAttributes;
import dev.trellis.waypoint.route.RoutingDecision;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads request attributes for routing and builds the request sent upstream. */
final class Requests {

    /** Hop-by-hop headers that never travel upstream. */
    private static final List<String> HOP_BY_HOP =
            List.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    private Requests() {
    }

    static RequestAttributes attributes(FullHttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> e : request.headers()) {
            headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        String authority = request.headers().get(HttpHeaderNames.HOST, "");
        String host = authority;
        Optional<Integer> port = Optional.empty();
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && authority.indexOf(']') < colon) {
            host = authority.substring(0, colon);
            try {
                port = Optional.of(Integer.parseInt(authority.substring(colon + 1)));
            } catch (NumberFormatException e) {
                host = authority;
            }
        }
        return new RequestAttributes(request.method().name(), path, query,
                new QueryStringDecoder(uri).parameters(), headers, host, port);
    }

    /** A copy of {@code request} for upstream: rewritten path and host, header filters applied, hop-by-hop gone. */
    static FullHttpRequest upstreamRequest(FullHttpRequest request, RoutingDecision.Forward f) {
        FullHttpRequest out = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), f.path(),
                request.content().retain());
        out.headers().set(request.headers());
        out.trailingHeaders().set(request.trailingHeaders());
        for (String h : HOP_BY_HOP) {
            out.headers().remove(h);
        }
        out.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        if (!f.host().isEmpty()) {
            out.headers().set(HttpHeaderNames.HOST, f.host());
        }
        for (HeaderModifier m : f.requestHeaders()) {
            modify(out.headers(), m);
        }
        out.headers().remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        return out;
    }

    /** Whether the request is gRPC, which needs HTTP/2 upstream whatever the port declares. */
    static boolean isGrpc(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        return type.startsWith("application/grpc");
    }

    /** Removes the HTTP/2 codec's extension headers from a response going downstream. */
    static void stripExtensions(HttpHeaders headers) {
        headers.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        headers.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }

    static void modify(HttpHeaders headers, HeaderModifier m) {
        m.set().forEach(headers::set);
        m.add().forEach(headers::add);
        m.remove().forEach(headers::remove);
    }
}
