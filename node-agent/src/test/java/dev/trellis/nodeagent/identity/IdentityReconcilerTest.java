package dev.trellis.nodeagent.identity;

import dev.trellis.core.retry.Backoff;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.state.LocalPod;
import dev.trellis.nodeagent.state.PodListeners;
import dev.trellis.nodeagent.state.ProxyState;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IdentityReconcilerTest {

    private final FakeTime time = new FakeTime(Instant.parse("2026-03-01T00:00:00Z"));
    private final List<SpiffeId> requested = new ArrayList<>();
    private final WorkloadCertificates certs = new WorkloadCertificates(id -> {
        requested.add(id);
        return new CompletableFuture<>();
    }, time, time, Backoff.DEFAULT);
    private final ProxyState state = new ProxyState();
    private final IdentityReconciler reconciler = new IdentityReconciler(certs, "node-1");

    @Test
    void podHandedOverBeforeDiscoveryGetsItsIdentityWithTheNextSnapshot() {
        state.addPod(pod("uid-web"));
        reconciler.reconcile(state);
        assertThat(certs.identities()).isEmpty();

        state.publish(snapshot(workload("uid-web", "web"), workload("uid-elsewhere", "db", "node-2", true)));
        reconciler.reconcile(state);
        reconciler.reconcile(state);

        assertThat(certs.identities()).containsExactly(SpiffeId.of("shop", "web"));
        assertThat(requested).containsExactly(SpiffeId.of("shop", "web"));
    }

    @Test
    void removedPodReleasesItsIdentity() {
        state.publish(snapshot(workload("uid-web", "web"), workload("uid-web-2", "web")));
        state.addPod(pod("uid-web"));
        state.addPod(pod("uid-web-2"));
        reconciler.reconcile(state);

        state.removePod("uid-web");
        reconciler.reconcile(state);
        assertThat(certs.identities()).containsExactly(SpiffeId.of("shop", "web"));

        state.removePod("uid-web-2");
        reconciler.reconcile(state);
        assertThat(certs.identities()).as("held while discovery still places the workloads here")
                .containsExactly(SpiffeId.of("shop", "web"));
        state.publish(snapshot());
        reconciler.reconcile(state);
        assertThat(certs.identities()).isEmpty();
        assertThat(certs.pods()).isEmpty();
    }

    @Test
    void aWorkloadDiscoveryPlacesOnThisNodeGetsItsCertificateBeforeItsPodIsHandedOver() {
        state.publish(snapshot(workload("uid-web", "web"), workload("uid-remote", "db", "node-2", true),
                workload("uid-outside", "cron", "node-1", false)));

        reconciler.reconcile(state);

        assertThat(certs.identities()).as("only captured workloads of this node").containsExactly(
                SpiffeId.of("shop", "web"));
        assertThat(requested).containsExactly(SpiffeId.of("shop", "web"));
        state.addPod(pod("uid-web"));
        reconciler.reconcile(state);
        assertThat(requested).as("the hand-over finds the certificate already asked for").hasSize(1);
    }

    private static LocalPod pod(String uid) {
        return new LocalPod(uid, "shop", uid, Path.of("/var/run/netns/" + uid), Instant.EPOCH, PodListeners.NONE);
    }

    private static Workload workload(String uid, String sa) {
        return workload(uid, sa, "node-1", true);
    }

    private static Workload workload(String uid, String sa, String node, boolean captured) {
        return new Workload(uid, uid, "shop", SpiffeId.of("shop", sa), node,
                List.of(InetAddress.ofLiteral("198.18.2.10")), captured, Optional.empty(), Map.of(),
                Workload.WorkloadStatus.HEALTHY);
    }

    private static MeshSnapshot snapshot(Workload... workloads) {
        Map<String, Workload> byUid = new java.util.HashMap<>();
        for (Workload w : workloads) {
            byUid.put(w.uid(), w);
        }
        return MeshSnapshot.of("v", byUid, Map.of(), List.of(), List.of());
    }
}
