package dev.trellis.controlplane.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.controlplane.discovery.ProxyId;
import dev.trellis.controlplane.store.StoreSnapshot;
import dev.trellis.controlplane.store.YamlResourceReader;
import dev.trellis.controlplane.translate.MeshTranslator;
import dev.trellis.controlplane.translate.TranslationConfig;
import dev.trellis.core.discovery.ResourceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyViewsTest {
    private static final String OBJECTS = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: demo, labels: {trellis.dev/dataplane-mode: ambient}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: demo, labels: {app: a}}
            spec: {nodeName: node-1, containers: [{name: a, command: [sleep, "1"]}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: demo, labels: {app: b}}
            spec: {nodeName: node-2, containers: [{name: b, command: [sleep, "1"]}]}
            """;

    private static ProxyViews views(String yaml, EncodedResources previous) {
        StoreSnapshot snapshot = StoreSnapshot.of(1, YamlResourceReader.read(yaml, "test"));
        return new ProxyViews(1, MeshTranslator.translate(snapshot, TranslationConfig.DEFAULT), List.of("ROOT"),
                List.of(), TranslationConfig.DEFAULT, previous);
    }

    @Test
    void nodesWithTheSamePoliciesShareOneSetAndAPolicyGivesItsNodeItsOwn() {
        ProxyViews plain = views(OBJECTS, EncodedResources.EMPTY);
        assertThat(plain.resourcesFor(new ProxyId.NodeAgent("node-1")))
                .isSameAs(plain.resourcesFor(new ProxyId.NodeAgent("node-2")));

        ProxyViews withPolicy = views(OBJECTS + """
                ---
                apiVersion: security.trellis.dev/v1
                kind: AuthorizationPolicy
                metadata: {name: only-a, namespace: demo}
                spec: {selector: {matchLabels: {app: a}}, action: DENY, rules: [{}]}
                """, plain.encoded());
        ResourceSet one = withPolicy.resourcesFor(new ProxyId.NodeAgent("node-1"));
        ResourceSet two = withPolicy.resourcesFor(new ProxyId.NodeAgent("node-2"));
        assertThat(one.resources().size()).isEqualTo(two.resources().size() + 1);
        assertThat(two.version()).isEqualTo(plain.resourcesFor(new ProxyId.NodeAgent("node-2")).version());
    }

    @Test
    void unchangedWorkloadsKeepTheirEncodedObjectsSoADeltaHoldsOnlyWhatChanged() {
        ProxyViews before = views(OBJECTS, EncodedResources.EMPTY);
        ProxyViews after = views(OBJECTS.replace("labels: {app: b}", "labels: {app: b, version: v2}"),
                before.encoded());
        ResourceSet old = before.resourcesFor(new ProxyId.NodeAgent("node-1"));
        ResourceSet next = after.resourcesFor(new ProxyId.NodeAgent("node-1"));
        ResourceSet.Delta delta = next.deltaFrom(old);
        assertThat(delta.removed()).isEmpty();
        assertThat(delta.changed()).hasSize(1);
        assertThat(delta.changed().getFirst().getWorkload().getName()).isEqualTo("b");
        long identical = next.resources().entrySet().stream()
                .filter(e -> e.getValue() == old.resources().get(e.getKey())).count();
        assertThat(identical).isEqualTo(next.resources().size() - 2);
    }
}
