package dev.trellis.controlplane.store;

import static dev.trellis.controlplane.store.LocalStoreTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Writers on several threads: one revision per change, listeners see every revision once and in order. */
class LocalStoreConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int CHANGES_PER_WRITER = 50;

    @Test
    void concurrentWritersGetOneRevisionEachAndListenersSeeThemInOrder() throws Exception {
        LocalStore store = LocalStore.withDefaults();
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        store.subscribe(s -> seen.add(s.revision()));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < CHANGES_PER_WRITER; i++) {
                        String name = "p-" + writer + "-" + i;
                        store.applyYaml(pod(name, "v1"), name + ".yaml");
                        store.updatePodStatus("default", name,
                                InetAddress.ofLiteral("198.18." + writer + "." + (i + 1)), true);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        long changes = 2L * WRITERS * CHANGES_PER_WRITER;
        assertThat(store.snapshot().revision()).isEqualTo(changes);
        assertThat(store.snapshot().pods()).hasSize(WRITERS * CHANGES_PER_WRITER)
                .allSatisfy(p -> assertThat(p.status().ready()).isTrue());
        List<Long> expected = new ArrayList<>();
        for (long r = 0; r <= changes; r++) {
            expected.add(r);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }
}
