package dev.trellis.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndpointLoadTest {

    private static final InetAddress A = InetAddress.ofLiteral("198.18.2.10");
    private static final InetAddress B = InetAddress.ofLiteral("198.18.2.11");

    @Test
    void countsOpenConnectionsPerEndpointAndClosesOnce() {
        EndpointLoad load = new EndpointLoad();
        EndpointLoad.Tracked a1 = load.track(A);
        EndpointLoad.Tracked a2 = load.track(A);
        load.track(B);

        assertThat(load.active(A)).isEqualTo(2);
        a1.close();
        a1.close();
        assertThat(load.active(A)).isEqualTo(1);
        a2.close();
        assertThat(load.active(A)).isZero();
        assertThat(load.active(B)).isEqualTo(1);
    }

    @Test
    void concurrentTrackingBalancesToZero() throws Exception {
        EndpointLoad load = new EndpointLoad();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 5000; i++) {
                    load.track(A).close();
                }
            }));
        }
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(load.active(A)).isZero();
    }

    @Test
    void leastRequestPrefersTheEndpointWithFewerTrackedConnections() {
        EndpointLoad load = new EndpointLoad();
        load.track(A);
        load.track(A);
        var endpoints = List.of(new dev.trellis.core.model.Endpoint("a", A, true),
                new dev.trellis.core.model.Endpoint("b", B, true));
        LeastRequest lr = new LeastRequest(new java.util.SplittableRandom(3), load);
        for (int i = 0; i < 20; i++) {
            assertThat(lr.order(new dev.trellis.core.model.ServiceKey("shop", "echo"), endpoints, "uid-web-1").getFirst()
                    .address()).isEqualTo(B);
        }
    }
}
