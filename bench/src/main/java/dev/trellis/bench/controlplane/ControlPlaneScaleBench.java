package dev.trellis.bench.controlplane;

import dev.trellis.api.discovery.v1.Ack;
import dev.trellis.api.discovery.v1.DiscoveryRequest;
import dev.trellis.api.discovery.v1.DiscoveryResponse;
import dev.trellis.api.discovery.v1.Subscribe;
import dev.trellis.controlplane.ControlPlane;
import dev.trellis.controlplane.ca.CertificateAuthority;
import dev.trellis.controlplane.ca.SigningAuthority;
import dev.trellis.controlplane.discovery.DiscoveryService;
import dev.trellis.controlplane.store.LocalStore;
import dev.trellis.controlplane.store.YamlResourceReader;
import dev.trellis.controlplane.translate.MeshTranslator;
import dev.trellis.controlplane.translate.TranslationConfig;
import dev.trellis.controlplane.views.ProxyViews;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateRequests;
import dev.trellis.core.tls.CertificateSigner;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 3's scale benchmark, in one process: a local store of {@code pods} pods in {@code services} services
 * on {@code nodes} nodes, the real translation, views and discovery service, and one in-process subscriber
 * stream per node that ACKs every response (the streams call the service directly: what is measured is the
 * control plane, not a transport). Prints time to the first full push to all, the time one pod change takes
 * to reach every subscriber (p50, p99 over subscribers and changes), heap after GC, and CA signings per
 * second on one thread.
 *
 * <p>Usage: {@code bench/control-plane.sh [pods] [services] [nodes] [changes]} (defaults 100000 10000 1000 20).
 */
public final class ControlPlaneScaleBench {
    private ControlPlaneScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int changes = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        System.out.printf("control plane scale: %,d pods, %,d services, %,d nodes, %,d subscribers%n", pods, services,
                nodes, nodes);

        long t = System.nanoTime();
        LocalStore store = LocalStore.withDefaults();
        List<dev.trellis.controlplane.store.Resource> objects = new ArrayList<>();
        for (var r : YamlResourceReader.read(objects(pods, services, nodes), "bench")) {
            // The pods start running: their addresses as the lab would report them, set in one apply.
            objects.add(r instanceof dev.trellis.controlplane.store.PodResource p
                    ? p.withStatus(new dev.trellis.controlplane.store.PodResource.PodStatus("Running",
                            List.of(podIp(Integer.parseInt(p.meta().name().substring(4)))), true))
                    : r);
        }
        store.apply(objects);
        System.out.printf("  store filled in %d ms (%,d objects)%n", ms(t), store.snapshot().objects().size());

        List<String> roots = List.of("ROOT");
        TranslationConfig config = TranslationConfig.DEFAULT;
        t = System.nanoTime();
        AtomicReference<ProxyViews> view = new AtomicReference<>(new ProxyViews(store.snapshot().revision(),
                MeshTranslator.translate(store.snapshot(), config), roots, List.of(), config));
        System.out.printf("  first translation %d ms%n", ms(t));

        DiscoveryService discovery = new DiscoveryService(new PrometheusRegistry(), Clock.systemUTC());
        discovery.publish(view.get());
        ExecutorService acks = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
        List<Subscriber> subscribers = new ArrayList<>();
        CountDownLatch firstAll = new CountDownLatch(nodes);
        t = System.nanoTime();
        for (int n = 0; n < nodes; n++) {
            Subscriber s = new Subscriber(acks, firstAll);
            s.requests = discovery.stream(s);
            subscribers.add(s);
            s.requests.onNext(DiscoveryRequest.newBuilder().setSubscribe(Subscribe.newBuilder()
                    .setNodeName("node-" + n)).build());
        }
        if (!firstAll.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not every subscriber got its first push");
        }
        long firstPush = ms(t);
        System.out.printf("  first full push to all %,d subscribers: %,d ms%n", nodes, firstPush);

        long[] latencies = new long[changes * nodes];
        long[] viewTimes = new long[changes];
        int k = 0;
        for (int c = 0; c < changes; c++) {
            Thread.sleep(200);
            int pod = (c * 7919) % pods; // a different pod each time, all ready so far: each change is real
            long changed = System.nanoTime();
            store.updatePodStatus("ns-" + (pod % services % 100), "pod-" + pod, podIp(pod), false);
            long viewStart = System.nanoTime();
            ProxyViews next = ControlPlane.views(store.snapshot(), roots, config, view.get());
            viewTimes[c] = System.nanoTime() - viewStart;
            view.set(next);
            String expected = next.resourcesFor(new dev.trellis.controlplane.discovery.ProxyId.NodeAgent("node-0"))
                    .version();
            subscribers.forEach(s -> s.expect(expected, changed));
            discovery.publish(next);
            for (Subscriber s : subscribers) {
                latencies[k++] = s.awaitArrival();
            }
        }
        Arrays.sort(viewTimes);
        System.out.printf("  of which translation and per-proxy views: p50 %.1f ms, max %.1f ms%n",
                viewTimes[changes / 2] / 1e6, viewTimes[changes - 1] / 1e6);
        Arrays.sort(latencies);
        System.out.printf("  one pod change reaches every subscriber: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d samples)%n",
                latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                latencies[latencies.length - 1] / 1e6, latencies.length);

        System.gc();
        Thread.sleep(500);
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("  heap after GC, everything live: %,d MiB%n", heap >> 20);
        // Keep the store, the views and the streams reachable up to here, so the GC above could not drop them.
        java.lang.ref.Reference.reachabilityFence(store);
        java.lang.ref.Reference.reachabilityFence(view);
        java.lang.ref.Reference.reachabilityFence(discovery);
        java.lang.ref.Reference.reachabilityFence(subscribers);
        acks.shutdownNow();
        signings();
    }

    private static void signings() throws Exception {
        SigningAuthority root = CertificateAuthority.newRoot("cluster.local", Clock.systemUTC());
        CertificateAuthority ca = new CertificateAuthority(root, List.of(root.root()), Duration.ofHours(24),
                Duration.ofHours(24), Clock.systemUTC());
        SpiffeId id = SpiffeId.of("demo", "echo");
        List<String> csrs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            csrs.add(CertificateRequests.csr(CertificateSigner.newP256KeyPair(), id));
        }
        for (int i = 0; i < 4_000; i++) {
            ca.sign(csrs.get(i % csrs.size()), id, Duration.ZERO);
        }
        System.out.printf("  CA signings on one thread (CSR checked, P-256): %,.0f/s%n", signingRate(ca, csrs, id, 1));
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("  CA signings on %d threads (the CA serves requests in parallel): %,.0f/s%n", cores,
                signingRate(ca, csrs, id, cores));
    }

    /** Signings per second over 5 s with {@code threads} threads signing at once. */
    private static double signingRate(CertificateAuthority ca, List<String> csrs, SpiffeId id, int threads)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        java.util.concurrent.atomic.AtomicLong signed = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    try {
                        ca.sign(csrs.get(i++ % csrs.size()), id, Duration.ZERO);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    signed.incrementAndGet();
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return signed.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static String objects(int pods, int services, int nodes) {
        StringBuilder y = new StringBuilder(pods * 200);
        for (int ns = 0; ns < 100; ns++) {
            y.append("apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-").append(ns)
                    .append(", labels: {trellis.dev/dataplane-mode: ambient}}\n---\n");
        }
        for (int s = 0; s < services; s++) {
            y.append("apiVersion: v1\nkind: Service\nmetadata: {name: svc-").append(s).append(", namespace: ns-")
                    .append(s % 100).append("}\nspec: {selector: {app: app-").append(s)
                    .append("}, ports: [{name: http, port: 80, targetPort: 8080}]}\n---\n");
        }
        for (int p = 0; p < pods; p++) {
            int service = p % services;
            y.append("apiVersion: v1\nkind: Pod\nmetadata: {name: pod-").append(p).append(", namespace: ns-")
                    .append(service % 100).append(", labels: {app: app-").append(service)
                    .append("}}\nspec: {nodeName: node-").append(p % nodes)
                    .append(", containers: [{name: c, command: [sleep, \"1\"]}]}\n---\n");
        }
        return y.toString();
    }

    /** Pod addresses inside 198.18.0.0/15 only: 198.18.x.y and 198.19.x.y with x from 128 up (VIPs stay below). */
    private static InetAddress podIp(int i) {
        int base = 128 * 256 + i;
        return InetAddress.ofLiteral((base >> 16 == 0 ? "198.18." : "198.19.") + ((base >> 8) & 0xff) + "."
                + (base & 0xff));
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** One in-process proxy: ACKs every response, records when the expected version arrived. */
    private static final class Subscriber implements StreamObserver<DiscoveryResponse> {
        private final ExecutorService acks;
        private final CountDownLatch first;
        StreamObserver<DiscoveryRequest> requests;
        private volatile String expected = "";
        private volatile long since;
        private volatile CountDownLatch arrived = new CountDownLatch(1);
        private volatile long latency;
        private boolean gotFirst;

        Subscriber(ExecutorService acks, CountDownLatch first) {
            this.acks = acks;
            this.first = first;
        }

        void expect(String version, long changedAt) {
            since = changedAt;
            arrived = new CountDownLatch(1);
            expected = version;
        }

        long awaitArrival() throws InterruptedException {
            if (!arrived.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a change never arrived");
            }
            return latency;
        }

        @Override
        public void onNext(DiscoveryResponse r) {
            if (!gotFirst) {
                gotFirst = true;
                first.countDown();
            }
            if (r.getVersion().equals(expected)) {
                latency = System.nanoTime() - since;
                arrived.countDown();
            }
            acks.execute(() -> requests.onNext(DiscoveryRequest.newBuilder().setAck(Ack.newBuilder()
                    .setNonce(r.getNonce()).setVersion(r.getVersion())).build()));
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
