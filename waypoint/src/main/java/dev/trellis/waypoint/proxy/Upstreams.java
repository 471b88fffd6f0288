package dev.trellis.waypoint.proxy;

import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneTarget;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.Workload;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.waypoint.route.RoutingDecision;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a routed request (over HTTP/2 when it is gRPC or the backend port declares HTTP/2, else HTTP/1.1) to its backend service: picks an endpoint (round robin), opens an HBONE tunnel to
 * {@code <endpoint-ip>:15008} presenting the waypoint's identity and expecting the endpoint workload's,
 * and exchanges the request. Retries on connect failure, a reset, a per-try timeout or a 503, up to the
 * destination's retry attempts ({@link #DEFAULT_ATTEMPTS} without a policy); the rule's request timeout bounds
 * it all (504). The circuit breaker bounds requests in flight per destination (503 + overflow header).
 */
final class Upstreams {

    /** Tries per request when the destination has no retry policy: one retry. */
    static final int DEFAULT_ATTEMPTS = 2;

    private final HboneClient client;
    private final Supplier<WorkloadCertificate> identity;
    private final int hbonePort;
    private final EndpointBalancer balancer = new EndpointBalancer();
    private final CircuitBreaker breaker = new CircuitBreaker();
    private final TunnelExchange exchange;

    Upstreams(HboneClient client, Supplier<WorkloadCertificate> identity, int hbonePort, int maxBodyBytes) {
        this.client = client;
        this.identity = identity;
        this.hbonePort = hbonePort;
        this.exchange = new TunnelExchange(maxBodyBytes);
    }

    /** Exchanges {@code request} (owned and released here); always completes with a response. */
    CompletableFuture<FullHttpResponse> exchange(FullHttpRequest request, RoutingDecision.Forward f,
            ConnectionContext context, boolean grpc, EventLoop loop, MeshSnapshot mesh) {
        Optional<Service> backend = mesh.service(f.backend().service());
        Optional<ServicePort> port = backend.flatMap(s -> s.port(f.backend().port()));
        if (port.isEmpty()) {
            request.release();
            return CompletableFuture.completedFuture(Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "backend " + f.backend().service() + ":" + f.backend().port() + " is not a known service port"));
        }
        Service service = backend.get();
        TrafficPolicy policy = service.trafficPolicy();
        if (!breaker.tryAcquire(service.key(), policy.connectionPool())) {
            request.release();
            FullHttpResponse r = Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "upstream overflow: " + service.key() + " has " + policy.connectionPool().maxPendingRequests()
                            + " requests in flight");
            r.headers().set(Responses.OVERFLOW_HEADER, "pending");
            return CompletableFuture.completedFuture(r);
        }
        boolean h2 = grpc || speaksH2(port.get());
        Call call = new Call(request, service, port.get().targetPort(), context, h2, loop, mesh, f, policy);
        call.result.whenComplete((r, e) -> {
            breaker.release(service.key());
            request.release();
        });
        f.timeouts().request().ifPresent(t -> loop.schedule(() -> call.finish(Responses.error(
                HttpResponseStatus.GATEWAY_TIMEOUT, "request timeout " + t + " exceeded")), t.toMillis(),
                TimeUnit.MILLISECONDS));
        call.attempt(1);
        return call.result;
    }

    /** HTTP/2 upstream when the port declares it (gRPC, HTTP/2, h2c); otherwise HTTP/1.1. */
    static boolean speaksH2(ServicePort port) {
        String declared = port.appProtocol().orElse(port.name()).toLowerCase(java.util.Locale.ROOT);
        return declared.startsWith("grpc") || declared.startsWith("http2") || declared.startsWith("h2c")
                || declared.equals("kubernetes.io/h2c");
    }

    private static String authority(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    /** One request's tries. Runs its decisions on the downstream loop. */
    private final class Call {
        final CompletableFuture<FullHttpResponse> result = new CompletableFuture<>();
        private final FullHttpRequest request;
        private final Service service;
        private final int targetPort;
        private final ConnectionContext context;
        private final boolean h2;
        private final EventLoop loop;
        private final MeshSnapshot mesh;
        private final int attempts;
        private final Optional<Duration> perTry;

        Call(FullHttpRequest request, Service service, int targetPort, ConnectionContext context, boolean h2,
                EventLoop loop, MeshSnapshot mesh, RoutingDecision.Forward f, TrafficPolicy policy) {
            this.request = request;
            this.service = service;
            this.targetPort = targetPort;
            this.context = context;
            this.h2 = h2;
            this.loop = loop;
            this.mesh = mesh;
            this.attempts = policy.retry().map(TrafficPolicy.Retry::attempts).orElse(DEFAULT_ATTEMPTS);
            this.perTry = f.timeouts().backendRequest().or(() -> policy.retry().map(TrafficPolicy.Retry::perTryTimeout));
        }

        void attempt(int n) {
            if (result.isDone()) {
                return;
            }
            Optional<Endpoint> endpoint = balancer.pick(service);
            Workload workload = endpoint.map(e -> mesh.workloads().get(e.workloadUid())).orElse(null);
            if (workload == null) {
                finish(Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream for " + service.key()));
                return;
            }
            InetAddress address = endpoint.get().address();
            Map<String, String> headers = context.caller().address()
                    .map(a -> Map.of("forwarded", "for=\"" + a.getHostAddress() + "\"")).orElse(Map.of());
            HboneTarget target = new HboneTarget(new InetSocketAddress(address, hbonePort), workload.identity(),
                    authority(address, targetPort), headers);
            CompletableFuture<FullHttpResponse> tryResult = new CompletableFuture<>();
            client.open(target, identity.get()).thenCompose((Channel tunnel) -> {
                perTry.ifPresent(t -> loop.schedule((Runnable) tunnel::close, t.toMillis(), TimeUnit.MILLISECONDS));
                return exchange.send(tunnel, copy(), h2);
            }).whenComplete((response, failure) -> {
                // A late answer (after a timeout decided this try) is released, not leaked.
                boolean taken = failure == null ? tryResult.complete(response) : tryResult.completeExceptionally(failure);
                if (!taken && response != null) {
                    response.release();
                }
            });
            perTry.ifPresent(t -> loop.schedule(() -> tryResult.completeExceptionally(
                    new java.util.concurrent.TimeoutException("per-try timeout " + t)), t.toMillis(), TimeUnit.MILLISECONDS));
            tryResult.whenCompleteAsync((response, failure) -> answered(n, response, failure), loop);
        }

        private void answered(int n, FullHttpResponse response, Throwable failure) {
            boolean retriable = failure != null || response.status().code() == 503;
            if (retriable && n < attempts && !result.isDone()) {
                if (response != null) {
                    response.release();
                }
                attempt(n + 1);
                return;
            }
            if (failure != null) {
                boolean timedOut = failure instanceof java.util.concurrent.TimeoutException
                        || failure.getCause() instanceof java.util.concurrent.TimeoutException;
                finish(Responses.error(timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "upstream " + service.key() + " failed: " + failure.getMessage()));
                return;
            }
            finish(response);
        }

        void finish(FullHttpResponse response) {
            if (!result.complete(response)) {
                response.release();
            }
        }

        private FullHttpRequest copy() {
            return request.retainedDuplicate();
        }
    }
}
