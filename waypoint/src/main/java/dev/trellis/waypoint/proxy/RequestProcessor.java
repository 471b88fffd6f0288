package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.Workload;
import dev.trellis.core.model.route.HeaderModifier;
import dev.trellis.core.model.route.RouteFilter;
import dev.trellis.waypoint.route.L7Authorizer;
import dev.trellis.waypoint.route.RequestAttributes;
import dev.trellis.waypoint.route.Router;
import dev.trellis.waypoint.route.RoutingDecision;
import dev.trellis.waypoint.state.WaypointSnapshot;
import dev.trellis.waypoint.state.WaypointState;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * One downstream request, start to finish: L7 authorization (403), routing (404, redirect, 500), then the
 * upstream exchange with its filters, and the request metrics. Always completes with a response; owns and
 * releases the request.
 */
final class RequestProcessor {

    private final WaypointState state;
    private final Router router;
    private final L7Authorizer authorizer;
    private final Upstreams upstreams;
    private final RequestMetrics metrics;
    private final LongSupplier nanoTime;

    RequestProcessor(WaypointState state, Router router, L7Authorizer authorizer, Upstreams upstreams,
            RequestMetrics metrics, LongSupplier nanoTime) {
        this.state = state;
        this.router = router;
        this.authorizer = authorizer;
        this.upstreams = upstreams;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    CompletableFuture<FullHttpResponse> process(FullHttpRequest request, ConnectionContext context, boolean h2,
            EventLoop loop) {
        long start = nanoTime.getAsLong();
        WaypointSnapshot snapshot = state.current();
        CompletableFuture<FullHttpResponse> answer;
        try {
            answer = decide(request, context, h2, loop, snapshot);
        } catch (RuntimeException e) {
            request.release();
            answer = CompletableFuture.completedFuture(Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "waypoint failure: " + e));
        }
        return answer.exceptionally(e -> Responses.error(HttpResponseStatus.BAD_GATEWAY, String.valueOf(e)))
                .thenApply(response -> {
                    metrics.record(context, snapshot.mesh(), response.status().code(), nanoTime.getAsLong() - start);
                    return response;
                });
    }

    private CompletableFuture<FullHttpResponse> decide(FullHttpRequest request, ConnectionContext context, boolean h2,
            EventLoop loop, WaypointSnapshot snapshot) {
        RequestAttributes attributes = Requests.attributes(request);
        L7Authorizer.Verdict verdict = authorizer.decide(snapshot.mesh().policies(),
                context.destination().service().namespace(), workloadLabels(snapshot, context.service()),
                context.caller(), context.destination().port(), attributes);
        if (!verdict.allowed()) {
            request.release();
            return done(Responses.error(HttpResponseStatus.FORBIDDEN, "RBAC: access denied (" + verdict.policy() + ")"));
        }
        RoutingDecision decision = router.route(snapshot.routes(), context.destination(), context.caller().namespace(),
                attributes);
        return switch (decision) {
            case RoutingDecision.Refuse r -> {
                request.release();
                yield done(Responses.error(HttpResponseStatus.valueOf(r.status()), r.reason()));
            }
            case RoutingDecision.Redirect r -> {
                request.release();
                FullHttpResponse response = Responses.empty(HttpResponseStatus.valueOf(r.status()));
                response.headers().set(HttpHeaderNames.LOCATION, r.location());
                yield done(response);
            }
            case RoutingDecision.Forward f -> forward(request, f, context, h2, loop, snapshot);
        };
    }

    private CompletableFuture<FullHttpResponse> forward(FullHttpRequest request, RoutingDecision.Forward f,
            ConnectionContext context, boolean h2, EventLoop loop, WaypointSnapshot snapshot) {
        FullHttpRequest upstream = Requests.upstreamRequest(request, f);
        request.release();
        boolean grpc = Requests.isGrpc(upstream);
        for (RouteFilter.RequestMirror mirror : f.mirrors()) {
            if (ThreadLocalRandom.current().nextInt(100) < mirror.percent()) {
                mirror(upstream.retainedDuplicate(), f, mirror, context, grpc, loop, snapshot);
            }
        }
        return upstreams.exchange(upstream, f, context, grpc, loop, snapshot.mesh()).thenApply(response -> {
            Requests.stripExtensions(response.headers());
            for (HeaderModifier m : f.responseHeaders()) {
                Requests.modify(response.headers(), m);
            }
            return response;
        });
    }

    /** Sends a copy to the mirror backend; its answer is dropped, its failure ignored. */
    private void mirror(FullHttpRequest copy, RoutingDecision.Forward f, RouteFilter.RequestMirror mirror,
            ConnectionContext context, boolean grpc, EventLoop loop, WaypointSnapshot snapshot) {
        var shadow = new RoutingDecision.Forward(mirror.backend(), f.route(), f.path(), f.host(), List.of(), List.of(),
                List.of(), f.timeouts());
        upstreams.exchange(copy, shadow, context, grpc, loop, snapshot.mesh()).thenAccept(FullHttpResponse::release);
    }

    private static List<Map<String, String>> workloadLabels(WaypointSnapshot snapshot, Service service) {
        return service.endpoints().stream().map(Endpoint::workloadUid)
                .map(uid -> snapshot.mesh().workloads().get(uid)).filter(w -> w != null)
                .map(Workload::labels).toList();
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
