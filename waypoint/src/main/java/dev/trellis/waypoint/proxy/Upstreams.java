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
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.waypoint.resilience.EndpointPicker;
import dev.trellis.waypoint.resilience.FaultInjector;
import dev.trellis.waypoint.resilience.OutlierDetector;
import dev.trellis.waypoint.resilience.RetryBudget;
import dev.trellis.waypoint.resilience.RetryConditions;
import dev.trellis.waypoint.resilience.TokenBuckets;
import dev.trellis.waypoint.resilience.TryOutcome;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Sends a routed request (over HTTP/2 when it is gRPC or the backend port declares HTTP/2, else HTTP/1.1) to its
 * backend service, with the resilience of the destination's TrafficPolicy: endpoints in the order of its load
 * balancer, less the ones outlier detection ejected; an HBONE tunnel to {@code <endpoint-ip>:15008} presenting
 * the waypoint's identity and expecting the endpoint workload's; retries on the policy's {@code retryOn}
 * conditions ({@link RetryConditions#DEFAULT} without one), up to its attempts ({@link #DEFAULT_ATTEMPTS}
 * without one), each to the next endpoint and within the retry budget; the rule's request timeout bounds it all
 * (504). The circuit breaker bounds requests in flight per destination (503 + overflow header).
 */
final class Upstreams {

    /** Tries per request when the destination has no retry policy: one retry. */
    static final int DEFAULT_ATTEMPTS = 2;
    /** Retries may add this share of a destination's requests in flight when it has no retry policy. */
    static final int DEFAULT_BUDGET_PERCENT = 20;

    private final HboneClient client;
    private final Supplier<WorkloadCertificate> identity;
    private final int hbonePort;
    private final EndpointPicker picker = new EndpointPicker(new ThreadLocalRandomGenerator());
    private final CircuitBreaker breaker = new CircuitBreaker();
    private final RetryBudget budget = new RetryBudget();
    private final FaultInjector faults = new FaultInjector(new ThreadLocalRandomGenerator());
    private final TokenBuckets rateLimits;
    private final OutlierDetector outliers;
    private final RequestMetrics metrics;
    private final TunnelExchange exchange;

    Upstreams(HboneClient client, Supplier<WorkloadCertificate> identity, int hbonePort, int maxBodyBytes,
            RequestMetrics metrics, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.hbonePort = hbonePort;
        this.metrics = metrics;
        this.outliers = new OutlierDetector(clock, metrics::ejected);
        this.rateLimits = new TokenBuckets(clock);
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
        if (policy.rateLimit().isPresent() && !rateLimits.tryTake(service.key(), policy.rateLimit().get())) {
            request.release();
            metrics.rateLimited(service);
            FullHttpResponse r = Responses.error(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "local rate limit of " + service.key() + " reached");
            r.headers().set(Responses.RATE_LIMITED_HEADER, "true");
            return CompletableFuture.completedFuture(r);
        }
        FaultInjector.Fault fault = policy.faultInjection().map(faults::decide).orElse(new FaultInjector.None());
        if (fault instanceof FaultInjector.Abort abort) {
            request.release();
            metrics.faultInjected(service, "abort");
            FullHttpResponse r = Responses.error(HttpResponseStatus.valueOf(abort.status()), "fault filter abort");
            r.headers().set(Responses.FAULT_HEADER, "abort");
            return CompletableFuture.completedFuture(r);
        }
        if (fault instanceof FaultInjector.Delay delay) {
            metrics.faultInjected(service, "delay");
            CompletableFuture<FullHttpResponse> later = new CompletableFuture<>();
            loop.schedule(() -> forward(request, f, context, grpc, loop, mesh, service, port.get())
                    .whenComplete((r, e) -> later.complete(r)), delay.delay().toMillis(), TimeUnit.MILLISECONDS);
            return later;
        }
        return forward(request, f, context, grpc, loop, mesh, service, port.get());
    }

    private CompletableFuture<FullHttpResponse> forward(FullHttpRequest request, RoutingDecision.Forward f,
            ConnectionContext context, boolean grpc, EventLoop loop, MeshSnapshot mesh, Service service,
            ServicePort port) {
        TrafficPolicy policy = service.trafficPolicy();
        if (!breaker.tryAcquire(service.key(), policy.connectionPool())) {
            request.release();
            FullHttpResponse r = Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "upstream overflow: " + service.key() + " has " + policy.connectionPool().maxPendingRequests()
                            + " requests in flight");
            r.headers().set(Responses.OVERFLOW_HEADER, "pending");
            return CompletableFuture.completedFuture(r);
        }
        budget.requestStarted(service.key());
        boolean h2 = grpc || speaksH2(port);
        List<Endpoint> order = picker.order(service, outliers.ejected(service.key()),
                name -> Optional.ofNullable(request.headers().get(name)), name -> TryOutcomes.cookie(request, name));
        Call call = new Call(request, service, port.targetPort(), context, h2, loop, mesh, f, policy, order);
        call.result.whenComplete((r, e) -> {
            budget.requestEnded(service.key());
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
        private final TrafficPolicy policy;
        private final List<Endpoint> order;
        private final int attempts;
        private final List<String> retryOn;
        private final int budgetPercent;
        private final Optional<Duration> perTry;

        Call(FullHttpRequest request, Service service, int targetPort, ConnectionContext context, boolean h2,
                EventLoop loop, MeshSnapshot mesh, RoutingDecision.Forward f, TrafficPolicy policy,
                List<Endpoint> order) {
            this.request = request;
            this.service = service;
            this.targetPort = targetPort;
            this.context = context;
            this.h2 = h2;
            this.loop = loop;
            this.mesh = mesh;
            this.policy = policy;
            this.order = order;
            this.attempts = policy.retry().map(TrafficPolicy.Retry::attempts).orElse(DEFAULT_ATTEMPTS);
            this.retryOn = policy.retry().map(TrafficPolicy.Retry::retryOn).orElse(RetryConditions.DEFAULT);
            this.budgetPercent = policy.retry().map(TrafficPolicy.Retry::budgetPercent).orElse(DEFAULT_BUDGET_PERCENT);
            this.perTry = f.timeouts().backendRequest().or(() -> policy.retry().map(TrafficPolicy.Retry::perTryTimeout)
                    .filter(t -> !t.isZero()));
        }

        /** Try {@code n} (from 1) goes to the n-th endpoint of the order, wrapping around. */
        void attempt(int n) {
            if (result.isDone()) {
                return;
            }
            Endpoint endpoint = order.isEmpty() ? null : order.get((n - 1) % order.size());
            Workload workload = endpoint == null ? null : mesh.workloads().get(endpoint.workloadUid());
            if (workload == null) {
                finish(Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream for " + service.key()));
                return;
            }
            InetAddress address = endpoint.address();
            Map<String, String> headers = context.caller().address()
                    .map(a -> Map.of("forwarded", "for=\"" + a.getHostAddress() + "\"")).orElse(Map.of());
            HboneTarget target = new HboneTarget(new InetSocketAddress(address, hbonePort), workload.identity(),
                    authority(address, targetPort), headers);
            EndpointLoad.Tracked inFlight = picker.load().track(address);
            CompletableFuture<FullHttpResponse> tryResult = new CompletableFuture<>();
            client.open(target, identity.get()).whenComplete((tunnel, failure) -> {
                if (failure != null) {
                    tryResult.completeExceptionally(new ConnectFailure(failure));
                    return;
                }
                perTry.ifPresent(t -> loop.schedule((Runnable) tunnel::close, t.toMillis(), TimeUnit.MILLISECONDS));
                exchange.send(tunnel, copy(), h2).whenComplete((response, sendFailure) -> {
                    // A late answer (after a timeout decided this try) is released, not leaked.
                    boolean taken = sendFailure == null ? tryResult.complete(response)
                            : tryResult.completeExceptionally(sendFailure);
                    if (!taken && response != null) {
                        response.release();
                    }
                });
            });
            perTry.ifPresent(t -> loop.schedule(() -> tryResult.completeExceptionally(
                    new java.util.concurrent.TimeoutException("per-try timeout " + t)), t.toMillis(), TimeUnit.MILLISECONDS));
            tryResult.whenCompleteAsync((response, failure) -> {
                inFlight.close();
                answered(n, address, response, failure);
            }, loop);
        }

        private void answered(int n, InetAddress endpoint, FullHttpResponse response, Throwable failure) {
            if (n > 1) {
                budget.retryEnded(service.key());
            }
            TryOutcome outcome = TryOutcomes.of(response, failure);
            policy.outlierDetection().ifPresent(od -> outliers.record(service, endpoint, outcome, od));
            if (n < attempts && !result.isDone() && RetryConditions.retriable(retryOn, outcome)) {
                if (budget.tryStartRetry(service.key(), budgetPercent)) {
                    metrics.retried(service, TryOutcomes.reason(outcome));
                    if (response != null) {
                        response.release();
                    }
                    attempt(n + 1);
                    return;
                }
                metrics.retryBudgetExhausted(service);
            }
            if (failure != null) {
                boolean timedOut = outcome.failure().orElse(null) == TryOutcome.Failure.TIMEOUT;
                finish(Responses.error(timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "upstream " + service.key() + " failed: " + TryOutcomes.message(failure)));
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

    /** The tunnel could not be opened: nothing reached the endpoint. */
    static final class ConnectFailure extends Exception {
        ConnectFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The calling thread's own generator: the balancers are called from every event loop. */
    private static final class ThreadLocalRandomGenerator implements RandomGenerator {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public int nextInt(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }
    }
}
