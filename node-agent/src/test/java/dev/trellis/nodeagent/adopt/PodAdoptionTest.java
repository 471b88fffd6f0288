package dev.trellis.nodeagent.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.cni.rules.NetnsCommandRunner;
import dev.trellis.cni.server.PodRef;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import dev.trellis.testing.time.MovableClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decision which pods to look for, and when. The node is scripted: two namespaces whose {@code ip -o addr}
 * output is given; the search in real namespaces is {@link PodNetnsFinderTest}'s.
 */
class PodAdoptionTest {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Path POD_A = Path.of("/var/run/netns/pod-a");
    private static final Path POD_B = Path.of("/proc/4242/ns/net");

    private final MovableClock clock = new MovableClock();
    private final List<Path> entered = new ArrayList<>();
    private final Map<Path, String> addresses = new HashMap<>(Map.of(
            POD_A, "2: eth0    inet 198.18.2.10/24 brd 198.18.2.255 scope global eth0\\       valid_lft forever\n"
                    + "2: eth0    inet6 fd00:7472:2::10/64 scope global \\       valid_lft forever\n",
            POD_B, "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n"
                    + "3: eth0    inet 198.18.2.11/24 brd 198.18.2.255 scope global eth0\n"));
    private final NetnsCommandRunner runner = (netns, command, stdin) -> {
        entered.add(netns);
        String out = addresses.get(netns);
        return out == null ? new NetnsCommandRunner.Result(1, "", "Cannot open network namespace")
                : new NetnsCommandRunner.Result(0, out, "");
    };
    private final PodAdoption adoption = new PodAdoption("node-1",
            new PodNetnsFinder(() -> List.of(Path.of("/var/run/netns/gone"), POD_A, POD_B), runner), clock, GRACE);

    @Test
    void aPodInTheMeshThatNobodyHandedOverIsFoundAfterTheGracePeriod() {
        MeshSnapshot snapshot = snapshot(workload("a", "node-1", true, "198.18.2.10"));

        assertThat(adoption.adoptable(snapshot, Set.of())).as("its CNI ADD may still be under way").isEmpty();
        assertThat(entered).as("no namespace is entered before the grace period ends").isEmpty();
        clock.advance(GRACE);
        List<PodRef> found = adoption.adoptable(snapshot, Set.of());

        assertThat(found).containsExactly(new PodRef("shop", "a", "a", "a", POD_A.toString(),
                List.of("198.18.2.10")));
    }

    @Test
    void onlyPodsOfThisNodeThatAreInTheMeshAndUnknownAreLookedFor() {
        MeshSnapshot snapshot = snapshot(workload("a", "node-1", true, "198.18.2.10"),
                workload("b", "node-1", true, "198.18.2.11"),
                workload("elsewhere", "node-2", true, "198.18.2.12"),
                workload("outside", "node-1", false, "198.18.2.13"));
        adoption.adoptable(snapshot, Set.of("a"));
        clock.advance(GRACE);

        List<PodRef> found = adoption.adoptable(snapshot, Set.of("a"));

        assertThat(found).extracting(PodRef::uid).containsExactly("b");
        assertThat(found.getFirst().netns()).isEqualTo(POD_B.toString());
    }

    @Test
    void aPodThatIsNotFoundIsLookedForAgainAfterAGrowingWait() {
        MeshSnapshot snapshot = snapshot(workload("ghost", "node-1", true, "198.18.2.99"));
        adoption.adoptable(snapshot, Set.of());
        clock.advance(GRACE);
        assertThat(adoption.adoptable(snapshot, Set.of())).isEmpty();
        int scans = entered.size();
        assertThat(scans).as("every namespace was tried once").isEqualTo(3);

        clock.advance(GRACE);
        adoption.adoptable(snapshot, Set.of());
        assertThat(entered).as("the wait doubled: no new scan after one grace period").hasSize(scans);
        clock.advance(GRACE);
        adoption.adoptable(snapshot, Set.of());
        assertThat(entered).as("a new scan after two").hasSize(2 * scans);
    }

    @Test
    void aPodThatBecomesKnownMeanwhileIsLeftToWhoeverHandedItOver() {
        MeshSnapshot snapshot = snapshot(workload("a", "node-1", true, "198.18.2.10"));
        adoption.adoptable(snapshot, Set.of());
        clock.advance(GRACE);

        assertThat(adoption.adoptable(snapshot, Set.of("a"))).isEmpty();
        assertThat(entered).isEmpty();
    }

    @Test
    void ipOutputYieldsBothFamiliesWithoutPrefixLengths() throws Exception {
        assertThat(PodNetnsFinder.parse(addresses.get(POD_A))).containsExactlyInAnyOrder(
                InetAddress.ofLiteral("198.18.2.10"), InetAddress.ofLiteral("fd00:7472:2::10"));
        assertThat(PodNetnsFinder.parse("garbage\n\n3: x inet not-an-address/24\n")).isEmpty();
    }

    private static Workload workload(String uid, String node, boolean captured, String ip) {
        return new Workload(uid, uid, "shop", SpiffeId.of("shop", "default"), node,
                List.of(InetAddress.ofLiteral(ip)), captured, Optional.empty(), Map.of(),
                Workload.WorkloadStatus.HEALTHY);
    }

    private static MeshSnapshot snapshot(Workload... workloads) {
        Map<String, Workload> byUid = new HashMap<>();
        for (Workload w : workloads) {
            byUid.put(w.uid(), w);
        }
        return MeshSnapshot.of("v", byUid, Map.of(), List.of(), List.of());
    }
}
