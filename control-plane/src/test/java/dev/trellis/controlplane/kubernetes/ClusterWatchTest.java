package dev.trellis.controlplane.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trellis.controlplane.store.AuthorizationPolicyResource;
import dev.trellis.controlplane.store.Kind;
import dev.trellis.controlplane.store.LocalStore;
import dev.trellis.controlplane.store.ObjectKey;
import dev.trellis.controlplane.store.ServiceResource;
import dev.trellis.core.model.AuthorizationPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterWatchTest {

    static KubernetesClient client;

    private static final ObjectKey SERVICE = ObjectKey.of(Kind.SERVICE, "shop", "echo");
    private static final ObjectKey POLICY = ObjectKey.of(Kind.AUTHORIZATION_POLICY, "shop", "deny-all");

    @Test
    void createdUpdatedAndDeletedObjectsReachTheStore() {
        LocalStore store = LocalStore.withDefaults();
        try (ClusterWatch watch = ClusterWatch.start(client, store)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                    .build()).create();
            client.services().inNamespace("shop").resource(service(8080)).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get(SERVICE).isPresent());
            assertThat(store.get(ObjectKey.namespace("shop"))).isPresent();

            client.services().inNamespace("shop").resource(service(9090)).update();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get(SERVICE).orElseThrow().toString()
                    .contains("9090"));

            client.services().inNamespace("shop").withName("echo").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get(SERVICE).isEmpty());
        }
    }

    @Test
    void aBadAuthorizationPolicyIsRefusedAndTheGoodOneKeepsServing() {
        LocalStore store = LocalStore.withDefaults();
        var policies = client.genericKubernetesResources(WatchedKind.context(Kind.AUTHORIZATION_POLICY))
                .inNamespace("shop");
        try (ClusterWatch watch = ClusterWatch.start(client, store)) {
            policies.resource(policy("DENY")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get(POLICY).isPresent());

            policies.resource(policy("MAYBE")).update();
            policies.resource(policy("marker", "DENY")).create();
            // Events of one informer arrive in order: once the marker is in, the bad update was seen.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> store.get(ObjectKey.of(Kind.AUTHORIZATION_POLICY, "shop", "marker")).isPresent());
            AuthorizationPolicyResource kept = (AuthorizationPolicyResource) store.get(POLICY).orElseThrow();
            assertThat(kept.policy().action()).isEqualTo(AuthorizationPolicy.Action.DENY);
        }
    }

    @Test
    void theConverterNamesTheObjectAndFieldOfABadPolicy() {
        ApiObjectConverter converter = new ApiObjectConverter();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> converter.convert(policy("MAYBE")))
                .hasMessageContaining("AuthorizationPolicy shop/deny-all")
                .hasMessageContaining("spec.action")
                .hasMessageContaining("MAYBE");
        assertThat(converter.convert(service(80))).isInstanceOf(ServiceResource.class);
    }

    private static io.fabric8.kubernetes.api.model.Service service(int port) {
        return new ServiceBuilder().withNewMetadata().withName("echo").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("198.18.10.5").addToSelector("app", "echo")
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort().endSpec().build();
    }

    private static GenericKubernetesResource policy(String action) {
        return policy("deny-all", action);
    }

    private static GenericKubernetesResource policy(String name, String action) {
        GenericKubernetesResource policy = new GenericKubernetesResource();
        policy.setApiVersion("security.trellis.dev/v1");
        policy.setKind("AuthorizationPolicy");
        policy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace("shop").build());
        policy.setAdditionalProperties(Map.of("spec", Map.of("action", action, "rules", java.util.List.of(Map.of()))));
        return Serialization.clone(policy);
    }
}
