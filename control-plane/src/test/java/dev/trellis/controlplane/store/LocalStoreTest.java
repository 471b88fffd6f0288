package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.model.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

    private static final ObjectKey ECHO = ObjectKey.of(Kind.SERVICE, "default", "echo");
    private static final ObjectKey POD = ObjectKey.of(Kind.POD, "default", "echo-1");

    private static final String WAYPOINT = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: wp}
            spec: {gatewayClassName: trellis-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}
            """;

    private final LocalStore store = LocalStore.withDefaults();

    @Test
    void createsThenUpdatesAndStampsRevisions() {
        Change created = store.applyYaml(service("echo", "") + "---\n" + pod("echo-1", "v1"), "a.yaml");

        assertThat(created.revision()).isEqualTo(1);
        assertThat(created.created()).containsExactly(POD, ECHO);
        assertThat(store.get(ECHO).orElseThrow().meta().resourceVersion()).isEqualTo(1);

        Change updated = store.applyYaml(pod("echo-1", "v2"), "a.yaml");

        assertThat(updated.revision()).isEqualTo(2);
        assertThat(updated.updated()).containsExactly(POD);
        assertThat(store.get(POD).orElseThrow().meta().labels()).containsEntry("version", "v2");
        assertThat(store.get(POD).orElseThrow().meta().resourceVersion()).isEqualTo(2);
        assertThat(store.get(ECHO).orElseThrow().meta().resourceVersion()).isEqualTo(1);
    }

    @Test
    void applyingTheSameContentAgainChangesNothingAndNotifiesNobody() {
        store.applyYaml(service("echo", ""), "a.yaml");
        List<StoreSnapshot> seen = new ArrayList<>();
        store.subscribe(seen::add);

        Change again = store.applyYaml(service("echo", ""), "a.yaml");

        assertThat(again.isEmpty()).isTrue();
        assertThat(again.revision()).isEqualTo(1);
        assertThat(seen).extracting(StoreSnapshot::revision).containsExactly(1L);
    }

    @Test
    void listenersGetEachNewSnapshotInOrder() {
        List<StoreSnapshot> seen = new ArrayList<>();
        LocalStore.Subscription subscription = store.subscribe(seen::add);
        store.applyYaml(service("echo", ""), "a.yaml");
        store.delete(List.of(ECHO));
        subscription.close();
        store.applyYaml(service("late", ""), "a.yaml");

        assertThat(seen).extracting(StoreSnapshot::revision).containsExactly(0L, 1L, 2L);
        assertThat(seen.get(1).services()).hasSize(1);
        assertThat(seen.get(2).services()).isEmpty();
    }

    @Test
    void allocatesStableVipsInsideTheRangeAndKeepsThemOnUpdate() {
        store.applyYaml(service("echo", "") + "---\n" + service("other", ""), "a.yaml");
        InetAddress vip = serviceAt(store, ECHO).clusterIPs().getFirst();

        assertThat(VipRange.DEFAULT.contains(vip)).isTrue();
        assertThat(vip).isNotEqualTo(serviceAt(store, ObjectKey.of(Kind.SERVICE, "default", "other"))
                .clusterIPs().getFirst());
        LocalStore restarted = LocalStore.withDefaults();
        restarted.applyYaml(service("other", "") + "---\n" + service("echo", ""), "b.yaml");
        assertThat(serviceAt(restarted, ECHO).clusterIPs()).containsExactly(vip);

        Change relabelled = store.applyYaml(service("echo", "").replace("name: echo", "name: echo, labels: {a: b}"),
                "a.yaml");
        assertThat(relabelled.updated()).containsExactly(ECHO);
        assertThat(serviceAt(store, ECHO).clusterIPs()).containsExactly(vip);
        assertThat(store.applyYaml(service("echo", "").replace("name: echo", "name: echo, labels: {a: b}"),
                "a.yaml").isEmpty()).isTrue();
    }

    @Test
    void keepsAWrittenClusterIpAndNeverHeadlessOnes() {
        store.applyYaml(service("echo", "clusterIP: 198.18.7.7") + "---\n" + service("db", "clusterIP: None"),
                "a.yaml");

        assertThat(serviceAt(store, ECHO).clusterIPs()).containsExactly(InetAddress.ofLiteral("198.18.7.7"));
        assertThat(serviceAt(store, ObjectKey.of(Kind.SERVICE, "default", "db")).clusterIPs()).isEmpty();
    }

    @Test
    void refusesAWholeChangeWhenOneServiceTakesAnotherOnesVip() {
        store.applyYaml(service("echo", "clusterIP: 198.18.7.7"), "a.yaml");
        String clash = pod("echo-1", "v1") + "---\n" + service("thief", "clusterIP: 198.18.7.7");

        assertThatThrownBy(() -> store.applyYaml(clash, "b.yaml"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Service default/thief: spec.clusterIP: 198.18.7.7 (expected: an address no other "
                        + "Service holds; Service default/echo holds it)");
        assertThat(store.snapshot().revision()).isEqualTo(1);
        assertThat(store.get(POD)).isEmpty();
    }

    @Test
    void refusesOneKeyTwiceInOneChange() {
        assertThatThrownBy(() -> store.applyYaml(service("echo", "") + "---\n" + service("echo", ""), "a.yaml"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Service default/echo: given twice in one change (expected: once)");
    }

    @Test
    void refusesWhenTheVipRangeIsFull() {
        LocalStore tiny = new LocalStore(VipRange.of(Cidr.parse("198.18.9.0/30")));
        tiny.applyYaml(service("a", "") + "---\n" + service("b", ""), "a.yaml");

        assertThatThrownBy(() -> tiny.applyYaml(service("c", ""), "c.yaml"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("no free VIP left in 198.18.9.0/30");
        assertThat(tiny.snapshot().services()).hasSize(2);
    }

    @Test
    void podStatusIsOwnedByTheStoreAndSurvivesAnUpdateOfTheSpec() {
        store.applyYaml(pod("echo-1", "v1"), "a.yaml");

        Change change = store.updatePodStatus("default", "echo-1", InetAddress.ofLiteral("198.18.1.5"), true);
        store.applyYaml(pod("echo-1", "v2"), "a.yaml");

        assertThat(change.updated()).containsExactly(POD);
        PodResource pod = store.snapshot().get(POD, PodResource.class).orElseThrow();
        assertThat(pod.status().podIPs()).containsExactly(InetAddress.ofLiteral("198.18.1.5"));
        assertThat(pod.status().ready()).isTrue();
        assertThat(pod.status().phase()).isEqualTo("Running");
        assertThat(pod.meta().labels()).containsEntry("version", "v2");
        assertThatThrownBy(() -> store.updatePodStatus("default", "nope", List.of(), false))
                .isInstanceOf(NotFoundException.class).hasMessage("Pod default/nope: not found");
    }

    @Test
    void writesGatewayConditionsAndKeepsThemOnUpdate() {
        store.applyYaml(WAYPOINT, "gw.yaml");
        ObjectKey key = ObjectKey.of(Kind.GATEWAY, "default", "wp");
        List<Condition> accepted = List.of(new Condition("Accepted", Condition.Status.True, "Accepted", "ok"));

        store.updateGatewayConditions(key, accepted);
        store.applyYaml(WAYPOINT.replace("name: wp", "name: wp, labels: {a: b}"), "gw.yaml");

        GatewayResource gateway = store.snapshot().get(key, GatewayResource.class).orElseThrow();
        assertThat(gateway.conditions()).isEqualTo(accepted);
        assertThat(gateway.meta().labels()).containsEntry("a", "b");
        assertThat(store.updateGatewayConditions(key, accepted).isEmpty()).isTrue();
        assertThatThrownBy(() -> store.updateGatewayConditions(ECHO, accepted))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void writesRouteStatusPerParent() {
        store.applyYaml("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r}
                spec:
                  parentRefs: [{group: "", kind: Service, name: echo}]
                  rules: [{backendRefs: [{name: echo, port: 80}]}]
                """, "route.yaml");
        ObjectKey key = ObjectKey.of(Kind.HTTP_ROUTE, "default", "r");
        RouteResource route = store.snapshot().get(key, RouteResource.class).orElseThrow();
        List<RouteResource.ParentStatus> status = List.of(new RouteResource.ParentStatus(
                route.parentRefs().getFirst(), "trellis.dev/waypoint-controller",
                List.of(new Condition("ResolvedRefs", Condition.Status.False, "BackendNotFound", "no echo"))));

        Change change = store.updateRouteStatus(key, status);

        assertThat(change.updated()).containsExactly(key);
        assertThat(store.snapshot().get(key, RouteResource.class).orElseThrow().parentStatuses()).isEqualTo(status);
        assertThat(store.snapshot().get(key).orElseThrow().meta().resourceVersion()).isEqualTo(change.revision());
    }

    @Test
    void deletesAndIgnoresUnknownKeys() {
        store.applyYaml(service("echo", ""), "a.yaml");

        Change deleted = store.delete(List.of(ECHO, POD));

        assertThat(deleted.deleted()).containsExactly(ECHO);
        assertThat(store.snapshot().services()).isEmpty();
        assertThat(store.delete(List.of(ECHO)).isEmpty()).isTrue();
    }

    private static ServiceResource serviceAt(LocalStore s, ObjectKey key) {
        return s.snapshot().get(key, ServiceResource.class).orElseThrow();
    }

    static String service(String name, String specLine) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s}
                spec:
                  %s
                  selector: {app: echo}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """.formatted(name, specLine);
    }

    static String pod(String name, String version) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: echo, version: %s}}
                spec: {nodeName: node-a, containers: [{name: app}]}
                """.formatted(name, version);
    }
}
