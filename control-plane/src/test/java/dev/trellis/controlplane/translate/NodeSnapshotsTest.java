package dev.trellis.controlplane.translate;

import static dev.trellis.controlplane.translate.Fixtures.allow;
import static dev.trellis.controlplane.translate.Fixtures.namespace;
import static dev.trellis.controlplane.translate.Fixtures.pod;
import static dev.trellis.controlplane.translate.Fixtures.service;
import static dev.trellis.controlplane.translate.Fixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSnapshotsTest {

    private static final TranslationConfig CONFIG = TranslationConfig.DEFAULT;
    private static final List<String> BUNDLE = List.of("-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----");

    private static final String[] MESH = {
        namespace("shop", "trellis.dev/dataplane-mode: ambient"),
        namespace("web", "trellis.dev/dataplane-mode: ambient"),
        service("shop", "echo", "198.19.0.10", "", "app: echo"),
        pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo"),
        pod("web", "front-1", "node-b", "198.18.2.10", "app: front"),
        allow("shop", "echo-policy", "app: echo"),
        allow("shop", "nobody-policy", "app: nobody"),
        allow("web", "front-policy", "app: front"),
        allow("trellis-system", "mesh-wide", "")
    };

    @Test
    void everyNodeSeesEveryWorkloadAndServiceButOnlyPoliciesForItsOwnWorkloads() {
        Map<String, MeshSnapshot> byNode = NodeSnapshots.forNodes(MeshTranslator.translate(store(MESH), CONFIG),
                List.of("node-empty"), BUNDLE, CONFIG);

        assertThat(byNode).containsOnlyKeys("node-a", "node-b", "node-empty");
        MeshSnapshot a = byNode.get("node-a");
        assertThat(a.workloads()).containsOnlyKeys("uid-echo-1", "uid-front-1");
        assertThat(a.services()).containsOnlyKeys(new ServiceKey("shop", "echo"));
        assertThat(a.policies()).extracting(p -> p.namespace() + "/" + p.name())
                .containsExactly("shop/echo-policy", "trellis-system/mesh-wide");
        assertThat(a.trustBundlePem()).isEqualTo(BUNDLE);
        assertThat(a.workloadAt(InetAddress.ofLiteral("198.18.2.10"))).map(Workload::name).contains("front-1");
        assertThat(a.serviceAt(InetAddress.ofLiteral("198.19.0.10"))).map(Service::hostname)
                .contains("echo.shop.svc.cluster.local");
        assertThat(byNode.get("node-b").policies()).extracting(p -> p.name())
                .containsExactly("mesh-wide", "front-policy");
        assertThat(byNode.get("node-empty").policies()).extracting(p -> p.name()).containsExactly("mesh-wide");
        assertThat(byNode.get("node-empty").workloads()).hasSize(2);
        MeshModel model = MeshTranslator.translate(store(MESH), CONFIG);
        assertThat(model.workloadsOn("node-b")).extracting(Workload::name).containsExactly("front-1");
        assertThat(model.workloadsOn("node-empty")).isEmpty();
    }

    @Test
    void identicalInputGivesIdenticalVersions() {
        List<String> reversed = new ArrayList<>(List.of(MESH));
        Collections.reverse(reversed);

        MeshSnapshot first = NodeSnapshots.forNode(MeshTranslator.translate(store(MESH), CONFIG), "node-a", BUNDLE,
                CONFIG);
        MeshSnapshot second = NodeSnapshots.forNode(MeshTranslator.translate(store(reversed.toArray(String[]::new)),
                CONFIG), "node-a", BUNDLE, CONFIG);

        assertThat(first.version()).startsWith("sha256:").hasSize("sha256:".length() + 32);
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void theVersionDoesNotDependOnMapOrder() {
        MeshModel model = MeshTranslator.translate(store(MESH), CONFIG);
        Map<String, Workload> forward = new LinkedHashMap<>();
        model.workloads().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> forward.put(e.getKey(), e.getValue()));
        Map<String, Workload> backward = new LinkedHashMap<>();
        model.workloads().entrySet().stream().sorted(Map.Entry.<String, Workload>comparingByKey().reversed())
                .forEach(e -> backward.put(e.getKey(), e.getValue()));

        assertThat(SnapshotVersion.of(forward, model.services(), model.policies(), BUNDLE))
                .isEqualTo(SnapshotVersion.of(backward, model.services(), model.policies(), BUNDLE));
    }

    @Test
    void aChangeInTheViewChangesTheVersionAndOtherChangesDoNot() {
        String before = version("node-a", MESH);

        String[] relabelled = MESH.clone();
        relabelled[3] = pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo, version: v2");
        String[] moreFrontPolicy = MESH.clone();
        moreFrontPolicy[7] = allow("web", "front-policy", "app: front, tier: web");
        String[] otherRoot = MESH.clone();
        otherRoot[8] = allow("trellis-system", "mesh-wide", "app: echo");

        assertThat(version("node-a", relabelled)).isNotEqualTo(before);
        assertThat(version("node-a", otherRoot)).isNotEqualTo(before);
        assertThat(version("node-a", moreFrontPolicy)).isEqualTo(before);
        assertThat(version("node-b", moreFrontPolicy)).isNotEqualTo(version("node-b", MESH));
        assertThat(NodeSnapshots.forNode(MeshTranslator.translate(store(MESH), CONFIG), "node-a",
                List.of("another root"), CONFIG).version()).isNotEqualTo(before);
    }

    private static String version(String node, String... documents) {
        return NodeSnapshots.forNode(MeshTranslator.translate(store(documents), CONFIG), node, BUNDLE, CONFIG)
                .version();
    }
}
