package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.controlplane.store.PodResource.ContainerPort;
import dev.trellis.controlplane.store.PodResource.EnvVar;
import dev.trellis.controlplane.store.ServiceResource.TargetPort;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class YamlResourceReaderTest {

    static final String ALL_KINDS = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {trellis.dev/dataplane-mode: ambient, trellis.dev/use-waypoint: shop-waypoint}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: orders, namespace: shop}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: orders-1
              namespace: shop
              uid: 0b5c1c9e-1111-4222-8333-444455556666
              labels: {app: orders, version: v2}
            spec:
              nodeName: node-a
              serviceAccountName: orders
              containers:
              - name: app
                image: trellis/echo
                command: [/bin/echo-server]
                args: ["--port", "8080"]
                env:
                - {name: MODE, value: fast}
                ports:
                - {name: http, containerPort: 8080}
            status:
              phase: Running
              podIP: 198.18.1.10
              podIPs: [{ip: 198.18.1.10}, {ip: "fd00:7472::10"}]
              conditions: [{type: Ready, status: "True"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: orders, namespace: shop}
            spec:
              clusterIP: 198.19.0.20
              selector: {app: orders}
              ports:
              - {name: http, port: 80, targetPort: http, appProtocol: http}
              - {name: admin, port: 9000, targetPort: 9001}
              - {name: raw, port: 7000}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: shop-waypoint
              namespace: shop
              labels: {trellis.dev/waypoint-for: all}
            spec:
              gatewayClassName: trellis-waypoint
              listeners: [{name: mesh, port: 15008, protocol: HBONE}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: orders-split, namespace: shop}
            spec:
              parentRefs: [{group: "", kind: Service, name: orders, port: 80}]
              rules:
              - backendRefs: [{name: orders, port: 80, weight: 90}]
            """;

    @Test
    void readsEveryKindOfAMultiDocumentFile() {
        List<Resource> objects = YamlResourceReader.read(ALL_KINDS, "shop.yaml");

        assertThat(objects).extracting(Resource::key).extracting(Object::toString).containsExactly(
                "Namespace shop", "ServiceAccount shop/orders", "Pod shop/orders-1", "Service shop/orders",
                "Gateway shop/shop-waypoint", "HTTPRoute shop/orders-split");
        PodResource pod = (PodResource) objects.get(2);
        assertThat(pod.meta().uid()).isEqualTo("0b5c1c9e-1111-4222-8333-444455556666");
        assertThat(pod.nodeName()).isEqualTo("node-a");
        assertThat(pod.serviceAccountName()).isEqualTo("orders");
        assertThat(pod.containers().getFirst().command()).containsExactly("/bin/echo-server");
        assertThat(pod.containers().getFirst().args()).containsExactly("--port", "8080");
        assertThat(pod.containers().getFirst().env()).containsExactly(new EnvVar("MODE", "fast"));
        assertThat(pod.containers().getFirst().ports()).containsExactly(new ContainerPort("http", 8080, "TCP"));
        assertThat(pod.status().podIPs()).containsExactly(
                InetAddress.ofLiteral("198.18.1.10"), InetAddress.ofLiteral("fd00:7472::10"));
        assertThat(pod.status().ready()).isTrue();
        assertThat(pod.status().phase()).isEqualTo("Running");

        ServiceResource svc = (ServiceResource) objects.get(3);
        assertThat(svc.clusterIPs()).containsExactly(InetAddress.ofLiteral("198.19.0.20"));
        assertThat(svc.selector()).isEqualTo(Map.of("app", "orders"));
        assertThat(svc.ports()).extracting(ServiceResource.Port::targetPort).containsExactly(
                TargetPort.named("http"), TargetPort.number(9001), TargetPort.number(7000));
        assertThat(svc.ports().getFirst().appProtocol()).contains("http");

        GatewayResource gw = (GatewayResource) objects.get(4);
        assertThat(gw.isWaypoint()).isTrue();
        assertThat(gw.meta().labels()).containsEntry("trellis.dev/waypoint-for", "all");

        RouteResource route = (RouteResource) objects.get(5);
        assertThat(route.parentRefs()).containsExactly(new RouteResource.ParentRef("", "Service", "shop",
                "orders", Optional.empty(), OptionalInt.of(80)));
        assertThat(route.spec().get("rules")).isEqualTo(
                List.of(Map.of("backendRefs", List.of(Map.of("name", "orders", "port", 80L, "weight", 90L)))));
        assertThatThrownBy(() -> route.spec().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readsTheItemsOfAList() {
        List<Resource> objects = YamlResourceReader.read("""
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
                - {apiVersion: v1, kind: Namespace, metadata: {name: b}}
                """, "list.yaml");

        assertThat(objects).extracting(r -> r.meta().name()).containsExactly("a", "b");
    }

    @Test
    void derivesTheSameUidOnEveryLoadWhenNoneIsWritten() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec: {containers: [{name: c}]}
                """;

        String first = YamlResourceReader.read(pod, "a").getFirst().meta().uid();
        String second = YamlResourceReader.read(pod, "b").getFirst().meta().uid();
        String other = YamlResourceReader.read(pod.replace("name: p", "name: q"), "c").getFirst().meta().uid();

        assertThat(first).isEqualTo(second).isNotEqualTo(other);
        assertThat(YamlResourceReader.read(pod, "a").getFirst().meta().namespace()).isEqualTo("default");
    }

    @Test
    void namesFileDocumentObjectAndFieldPathOfABadPort() {
        String text = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: default}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: echo}
                spec:
                  ports:
                  - {name: a, port: 80}
                  - {name: b, port: 70000}
                """;

        assertThatThrownBy(() -> YamlResourceReader.read(text, "echo.yaml"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("echo.yaml (document 2): Service default/echo: spec.ports[1].port: 70000 "
                        + "(expected: 1-65535)");
    }

    @Test
    void namesTheItemOfAListThatIsBad() {
        assertThatThrownBy(() -> YamlResourceReader.read("""
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
                - {apiVersion: v1, kind: Namespace, metadata: {name: B_bad}}
                """, "list.yaml"))
                .hasMessageStartingWith("list.yaml (document 1) items[1]: Namespace B_bad: metadata.name: 'B_bad' "
                        + "(expected: a DNS label");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheDocumentNumber() {
        assertThatThrownBy(() -> YamlResourceReader.read("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: a}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: [unclosed
                """, "broken.yaml"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageStartingWith("broken.yaml (document 2): not valid YAML: ")
                .hasMessageContaining("line 7");
    }

    @Test
    void refusesDuplicateKeys() {
        assertThatThrownBy(() -> YamlResourceReader.read("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: a, name: b}
                """, "dup.yaml"))
                .hasMessageStartingWith("dup.yaml (document 1): not valid YAML: ")
                .hasMessageContaining("duplicate key name");
    }

    @Test
    void skipsEmptyDocuments() {
        assertThat(YamlResourceReader.read("---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
                "e.yaml")).hasSize(1);
        assertThat(YamlResourceReader.read("", "empty.yaml")).isEmpty();
    }
}
