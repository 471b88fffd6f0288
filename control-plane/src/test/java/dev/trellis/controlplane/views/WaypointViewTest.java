package dev.trellis.controlplane.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.controlplane.discovery.ProxyId;
import dev.trellis.controlplane.store.StoreSnapshot;
import dev.trellis.controlplane.store.YamlResourceReader;
import dev.trellis.controlplane.translate.MeshTranslator;
import dev.trellis.controlplane.translate.TranslationConfig;
import dev.trellis.core.discovery.ResourceSet;
import dev.trellis.core.discovery.RouteSpec;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.route.CompiledRoute;
import dev.trellis.core.model.route.compile.RouteSpecs;
import dev.trellis.core.model.route.compile.RouteValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a waypoint is sent, and that it compiles on the waypoint's side exactly as the control plane meant. */
class WaypointViewTest {
    private static final String OBJECTS = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: demo, labels: {trellis.dev/dataplane-mode: ambient, trellis.dev/use-waypoint: waypoint}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: waypoint, namespace: demo}
            spec:
              gatewayClassName: trellis-waypoint
              listeners: [{name: mesh, port: 15008, protocol: HBONE}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: demo}
            spec: {selector: {app: echo}, ports: [{name: http, port: 80, targetPort: 8080}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: canary, namespace: demo}
            spec:
              parentRefs: [{group: "", kind: Service, name: echo, port: 80}]
              rules:
                - backendRefs:
                    - {name: echo-v1, port: 80, weight: 90}
                    - {name: echo-v2, port: 80, weight: 10}
            """;

    @Test
    void theWaypointGetsTheRoutesOfItsServicesAndCompilesThemAsTheyWereWritten() throws Exception {
        StoreSnapshot snapshot = StoreSnapshot.of(1, YamlResourceReader.read(OBJECTS, "test"));
        ProxyViews views = new ProxyViews(1, MeshTranslator.translate(snapshot, TranslationConfig.DEFAULT),
                List.of("ROOT"), snapshot.routes(), TranslationConfig.DEFAULT);
        ResourceSet waypoint = views.resourcesFor(new ProxyId.Waypoint("demo", "waypoint"));
        List<RouteSpec> routes = waypoint.routes();
        assertThat(routes).extracting(RouteSpec::name).containsExactly("canary");

        CompiledRoute route = RouteSpecs.compile(routes.getFirst());
        assertThat(route.rules().getFirst().backends()).extracting(b -> b.service().name() + ":" + b.weight())
                .containsExactly("echo-v1:90", "echo-v2:10");
        assertThat(route.parents().getFirst().service()).isEqualTo(new ServiceKey("demo", "echo"));
        assertThat(views.resourcesFor(new ProxyId.NodeAgent("node-1")).routes()).as("node-agents get no routes")
                .isEmpty();
    }

    @Test
    void aRouteWhoseJsonIsBrokenIsRefusedByName() {
        assertThatThrownBy(() -> RouteSpecs.compile(new RouteSpec("demo", "broken", "HTTPRoute", "{\"rules\": [")))
                .isInstanceOf(RouteValidationException.class).hasMessageContaining("HTTPRoute demo/broken: spec");
    }
}
