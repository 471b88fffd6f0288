package dev.trellis.nodeagent.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.admin.Json;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyStateTest {

    private static final Workload ECHO = new Workload("uid-1", "echo-1", "shop", SpiffeId.of("shop", "echo"),
            "node-1", List.of(InetAddress.ofLiteral("198.18.2.10")), true, Optional.empty(), Map.of(),
            Workload.WorkloadStatus.HEALTHY);

    @Test
    void startsEmptyAndPublishesWholeSnapshots() {
        ProxyState state = new ProxyState();
        assertThat(state.snapshot()).isSameAs(MeshSnapshot.EMPTY);

        MeshSnapshot next = MeshSnapshot.of("v2", Map.of(ECHO.uid(), ECHO), Map.of(), List.of(), List.of());
        state.publish(next);

        assertThat(state.snapshot()).isSameAs(next);
    }

    @Test
    void podsAreAddedReplacedAndRemovedAsImmutableMaps() {
        ProxyState state = new ProxyState();
        LocalPod first = pod("uid-1", PodListeners.NONE);
        assertThat(state.addPod(first)).isEmpty();
        Map<String, LocalPod> seen = state.pods();

        LocalPod again = pod("uid-1", PodListeners.NONE);
        assertThat(state.addPod(again)).contains(first);
        assertThat(seen).containsEntry("uid-1", first);
        assertThat(state.pod("uid-1")).contains(again);

        assertThat(state.removePod("uid-1")).contains(again);
        assertThat(state.removePod("uid-1")).isEmpty();
        assertThat(state.pods()).isEmpty();
    }

    @Test
    void concurrentHandOffsLoseNoPod() throws Exception {
        ProxyState state = new ProxyState();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 250; i++) {
                    state.addPod(pod("uid-" + thread + "-" + i, PodListeners.NONE));
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(state.pods()).hasSize(1000);
    }

    @Test
    void dumpShowsPodsWithTheirIdentityOnceDiscoveryKnowsThem() {
        ProxyState state = new ProxyState();
        PodListeners listeners = new PodListeners() {
            @Override
            public List<InetSocketAddress> addresses() {
                return List.of(new InetSocketAddress(InetAddress.ofLiteral("198.18.2.10"), 15008));
            }

            @Override
            public void close() {
            }
        };
        state.addPod(pod("uid-1", listeners));
        assertThat(Json.write(state.dumpPods())).contains("\"identity\":null");

        state.publish(MeshSnapshot.of("v3", Map.of(ECHO.uid(), ECHO), Map.of(), List.of(), List.of()));

        assertThat(state.workload(state.pod("uid-1").orElseThrow())).contains(ECHO);
        assertThat(Json.write(state.dumpPods())).isEqualTo("{\"shop/echo-1\":{\"uid\":\"uid-1\","
                + "\"netns\":\"/var/run/netns/uid-1\",\"handedOver\":\"1970-01-01T00:00:00Z\","
                + "\"listeners\":[\"198.18.2.10:15008\"],\"identity\":\"spiffe://cluster.local/ns/shop/sa/echo\","
                + "\"addresses\":[\"198.18.2.10\"]}}");
        assertThat(Json.write(state.dump())).startsWith("{\"version\":\"v3\",\"workloads\":{\"uid-1\":{\"uid\":");
    }

    private static LocalPod pod(String uid, PodListeners listeners) {
        return new LocalPod(uid, "shop", uid.equals("uid-1") ? "echo-1" : uid, Path.of("/var/run/netns/" + uid),
                Instant.EPOCH, listeners);
    }
}
