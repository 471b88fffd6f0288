package dev.trellis.controlplane.translate;

import static dev.trellis.controlplane.translate.Fixtures.allow;
import static dev.trellis.controlplane.translate.Fixtures.namespace;
import static dev.trellis.controlplane.translate.Fixtures.pod;
import static dev.trellis.controlplane.translate.Fixtures.service;
import static dev.trellis.controlplane.translate.Fixtures.store;
import static dev.trellis.controlplane.translate.Fixtures.waypoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import dev.trellis.core.model.Workload.WorkloadStatus;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MeshTranslatorTest {

    private static final TranslationConfig CONFIG = TranslationConfig.DEFAULT;
    private static final ServiceKey ECHO = new ServiceKey("shop", "echo");

    @Test
    void translatesAPodIntoAWorkload() {
        MeshModel model = MeshTranslator.translate(store(
                namespace("shop", "trellis.dev/dataplane-mode: ambient"),
                pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo, version: v2")), CONFIG);

        assertThat(model.storeRevision()).isEqualTo(7);
        assertThat(model.workloads()).containsExactly(Map.entry("uid-echo-1", new Workload("uid-echo-1", "echo-1",
                "shop", SpiffeId.of("shop", "sa-echo-1"), "node-a", List.of(ip("198.18.1.10")), true,
                Optional.empty(), Map.of("app", "echo", "version", "v2"), WorkloadStatus.HEALTHY)));
        assertThat(model.problems()).isEmpty();
    }

    @Test
    void usesTheConfiguredTrustDomain() {
        MeshModel model = MeshTranslator.translate(store(pod("shop", "p", "node-a", "198.18.1.10", "")),
                new TranslationConfig("example.org", "cluster.local", "trellis-system"));

        assertThat(model.workloads().get("uid-p").identity().uri()).isEqualTo("spiffe://example.org/ns/shop/sa/sa-p");
    }

    @ParameterizedTest(name = "namespace [{0}], pod [{1}] -> captured {2}")
    @CsvSource(delimiter = '|', value = {
        "trellis.dev/dataplane-mode: ambient | app: a                          | true",
        "trellis.dev/dataplane-mode: ambient | trellis.dev/dataplane-mode: none | false",
        "trellis.dev/dataplane-mode: none    | app: a                          | false",
        "other: label                        | app: a                          | false",
        "NO-NAMESPACE-OBJECT                 | app: a                          | false",
    })
    void capturesOnlyOptedInPodsOfOptedInNamespaces(String namespaceLabels, String podLabels, boolean captured) {
        String pod = pod("shop", "p", "node-a", "198.18.1.10", podLabels);
        MeshModel model = MeshTranslator.translate(namespaceLabels.equals("NO-NAMESPACE-OBJECT") ? store(pod)
                : store(namespace("shop", namespaceLabels), pod), CONFIG);

        assertThat(model.workloads().get("uid-p").captured()).isEqualTo(captured);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "running and ready  | {phase: Running, podIP: 198.18.1.1, conditions: [{type: Ready, status: 'True'}]}  | HEALTHY",
        "running, not ready | {phase: Running, podIP: 198.18.1.1, conditions: [{type: Ready, status: 'False'}]} | UNHEALTHY",
        "ready, no address  | {phase: Running, conditions: [{type: Ready, status: 'True'}]}                     | UNHEALTHY",
        "pending            | {phase: Pending}                                                                  | UNHEALTHY",
    })
    void reportsHealthFromPhaseReadinessAndAddress(String what, String status, WorkloadStatus expected) {
        String pod = pod("shop", "p", "node-a", "", "").replace("status: {phase: Pending}", "status: " + status);

        assertThat(MeshTranslator.translate(store(pod), CONFIG).workloads().get("uid-p").status())
                .isEqualTo(expected);
    }

    @Test
    void unscheduledAndEndedPodsAreNoWorkloads() {
        String unscheduled = pod("shop", "a", "node-a", "", "").replace("  nodeName: node-a\n", "");
        String ended = pod("shop", "b", "node-a", "198.18.1.2", "").replace("phase: Running", "phase: Succeeded");

        assertThat(MeshTranslator.translate(store(unscheduled, ended), CONFIG).workloads()).isEmpty();
    }

    @Test
    void translatesAServiceWithEndpointsAndResolvedPorts() {
        String dualStackPod = pod("shop", "echo-2", "node-b", "198.18.2.20", "app: echo")
                .replace("podIP: 198.18.2.20,", "podIPs: [{ip: 198.18.2.20}, {ip: 'fd00:7472::20'}],");
        String svc = service("shop", "echo", "198.19.0.10", "", "app: echo").replace(
                "ports: [{name: http, port: 80, targetPort: http}]",
                "ports: [{name: http, port: 80, targetPort: http, appProtocol: http}, "
                        + "{name: admin, port: 9000, targetPort: 9001}, {name: dns, port: 53, protocol: UDP}]");
        MeshModel model = MeshTranslator.translate(store(svc,
                pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo"),
                dualStackPod,
                pod("shop", "echo-3", "node-a", "", "app: echo"),
                pod("shop", "other", "node-a", "198.18.1.11", "app: other"),
                pod("web", "echo-elsewhere", "node-a", "198.18.1.12", "app: echo")), CONFIG);

        assertThat(model.services()).containsExactly(Map.entry(ECHO, new Service(ECHO,
                "echo.shop.svc.cluster.local", List.of(ip("198.19.0.10")),
                List.of(new ServicePort("http", 80, 8080, Optional.of("http")),
                        new ServicePort("admin", 9000, 9001, Optional.empty())),
                List.of(new Endpoint("uid-echo-1", ip("198.18.1.10"), true),
                        new Endpoint("uid-echo-2", ip("198.18.2.20"), true),
                        new Endpoint("uid-echo-2", ip("fd00:7472::20"), true)),
                Optional.empty(), TrafficPolicy.DEFAULT)));
    }

    @Test
    void aHeadlessServiceOrOneWithoutSelectorKeepsItsShape() {
        MeshModel model = MeshTranslator.translate(store(
                service("shop", "db", "None", "", "app: db"),
                service("shop", "ext", "198.19.0.11", "", ""),
                pod("shop", "db-0", "node-a", "198.18.1.30", "app: db")), CONFIG);

        Service db = model.services().get(new ServiceKey("shop", "db"));
        assertThat(db.vips()).isEmpty();
        assertThat(db.endpoints()).containsExactly(new Endpoint("uid-db-0", ip("198.18.1.30"), true));
        assertThat(model.services().get(new ServiceKey("shop", "ext")).endpoints()).isEmpty();
    }

    @Test
    void aNamedTargetPortTakesTheMajorityAndLeavesDisagreeingPodsOut() {
        String odd = pod("shop", "echo-3", "node-a", "198.18.1.13", "app: echo").replace("containerPort: 8080",
                "containerPort: 9090");
        String none = pod("shop", "echo-4", "node-a", "198.18.1.14", "app: echo").replace("name: http, ", "");
        MeshModel model = MeshTranslator.translate(store(service("shop", "echo", "198.19.0.10", "", "app: echo"),
                pod("shop", "echo-1", "node-a", "198.18.1.11", "app: echo"),
                pod("shop", "echo-2", "node-a", "198.18.1.12", "app: echo"), odd, none), CONFIG);

        Service echo = model.services().get(ECHO);
        assertThat(echo.ports()).containsExactly(new ServicePort("http", 80, 8080, Optional.empty()));
        assertThat(echo.endpoints()).extracting(Endpoint::workloadUid).containsExactly("uid-echo-1", "uid-echo-2");
        assertThat(model.problems()).containsExactly(
                "Service shop/echo: port 80: pod echo-3 gives targetPort 'http' port 9090 (expected: 8080, as the "
                        + "other pods); it is left out",
                "Service shop/echo: port 80: pod echo-4 gives targetPort 'http' no port (expected: 8080, as the "
                        + "other pods); it is left out");
    }

    @Test
    void aNamedTargetPortNoPodHasLeavesThePortOut() {
        String svc = service("shop", "echo", "198.19.0.10", "", "app: echo").replace("targetPort: http",
                "targetPort: grpc");
        MeshModel model = MeshTranslator.translate(store(svc,
                pod("shop", "echo-1", "node-a", "198.18.1.11", "app: echo")), CONFIG);

        assertThat(model.services().get(ECHO).ports()).isEmpty();
        assertThat(model.problems()).containsExactly("Service shop/echo: port 80: targetPort 'grpc' is no "
                + "container port of the selected pods; the port is left out");
    }

    static Stream<Arguments> waypointBindings() {
        WaypointRef wp = new WaypointRef("shop", "wp");
        return Stream.of(
                // namespace label, service label, gateway class, waypoint-for, service's, workload's waypoint
                binding("trellis.dev/use-waypoint: wp", "", "trellis-waypoint", "service", wp, null),
                binding("trellis.dev/use-waypoint: wp", "", "trellis-waypoint", "workload", null, wp),
                binding("trellis.dev/use-waypoint: wp", "", "trellis-waypoint", "all", wp, wp),
                binding("trellis.dev/use-waypoint: wp", "", "trellis-waypoint", "none", null, null),
                binding("trellis.dev/use-waypoint: wp", "", "istio", "all", null, null),
                binding("", "trellis.dev/use-waypoint: wp", "trellis-waypoint", "service", wp, null),
                binding("", "trellis.dev/use-waypoint: wp", "trellis-waypoint", "all", wp, null),
                binding("trellis.dev/use-waypoint: gone", "trellis.dev/use-waypoint: wp", "trellis-waypoint",
                        "service", wp, null),
                binding("trellis.dev/use-waypoint: wp", "trellis.dev/use-waypoint: gone", "trellis-waypoint",
                        "all", null, wp),
                binding("", "", "trellis-waypoint", "all", null, null));
    }

    @ParameterizedTest(name = "ns [{0}] svc [{1}] class {2} for {3}")
    @MethodSource("waypointBindings")
    void bindsWaypointsByLabelWhenTheGatewayServesThatTraffic(String nsLabels, String svcLabels, String className,
            String waypointFor, WaypointRef serviceWaypoint, WaypointRef workloadWaypoint) {
        MeshModel model = MeshTranslator.translate(store(
                namespace("shop", "trellis.dev/dataplane-mode: ambient" + (nsLabels.isEmpty() ? "" : ", " + nsLabels)),
                waypoint("shop", "wp", className, waypointFor),
                service("shop", "echo", "198.19.0.10", svcLabels, "app: echo"),
                pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo")), CONFIG);

        assertThat(model.services().get(ECHO).waypoint()).isEqualTo(Optional.ofNullable(serviceWaypoint));
        assertThat(model.workloads().get("uid-echo-1").waypoint()).isEqualTo(Optional.ofNullable(workloadWaypoint));
    }

    @Test
    void reportsLabelsThatBindNoWaypoint() {
        MeshModel model = MeshTranslator.translate(store(
                namespace("shop", "trellis.dev/use-waypoint: gone"),
                waypoint("shop", "wl", "trellis-waypoint", "workload"),
                service("shop", "echo", "198.19.0.10", "trellis.dev/use-waypoint: wl", "app: echo")), CONFIG);

        assertThat(model.problems()).containsExactly(
                "Namespace shop: trellis.dev/use-waypoint 'gone': no trellis-waypoint Gateway shop/gone",
                "Service shop/echo: trellis.dev/use-waypoint 'wl': Gateway shop/wl is trellis.dev/waypoint-for="
                        + "workload (expected: service or all)");
    }

    @Test
    void aWaypointIsNeverBoundToItselfAndItsPodsAreNotCaptured() {
        MeshModel model = MeshTranslator.translate(store(
                namespace("shop", "trellis.dev/dataplane-mode: ambient, trellis.dev/use-waypoint: wp"),
                waypoint("shop", "wp", "trellis-waypoint", "all"),
                service("shop", "wp", "198.19.0.15", "", "gateway.networking.k8s.io/gateway-name: wp")
                        .replace("name: http, port: 80, targetPort: http", "name: mesh, port: 15008"),
                pod("shop", "wp-1", "node-a", "198.18.1.15", "gateway.networking.k8s.io/gateway-name: wp"),
                service("shop", "echo", "198.19.0.10", "", "app: echo"),
                pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo")), CONFIG);

        Service waypointService = model.services().get(new ServiceKey("shop", "wp"));
        assertThat(waypointService.waypoint()).isEmpty();
        assertThat(waypointService.endpoints()).extracting(Endpoint::address).containsExactly(ip("198.18.1.15"));
        assertThat(model.workloads().get("uid-wp-1").waypoint()).isEmpty();
        assertThat(model.workloads().get("uid-wp-1").captured()).isFalse();
        assertThat(model.workloads().get("uid-echo-1").captured()).isTrue();
        assertThat(model.services().get(ECHO).waypoint()).contains(new WaypointRef("shop", "wp"));
        assertThat(model.servicesServedBy(new WaypointRef("shop", "wp"))).extracting(Service::key)
                .containsExactly(ECHO);
    }

    @Test
    void aWaypointWithoutAServiceIsReachedThroughItsLabelledPods() {
        MeshModel model = MeshTranslator.translate(store(
                namespace("shop", "trellis.dev/dataplane-mode: ambient, trellis.dev/use-waypoint: wp"),
                waypoint("shop", "wp", "trellis-waypoint", "service"),
                pod("shop", "wp-1", "node-a", "198.18.1.15", "gateway.networking.k8s.io/gateway-name: wp"),
                pod("shop", "other-gw-1", "node-a", "198.18.1.16", "gateway.networking.k8s.io/gateway-name: x"),
                service("shop", "echo", "198.19.0.10", "", "app: echo")), CONFIG);

        ServiceKey key = new ServiceKey("shop", "wp");
        assertThat(model.services().get(key)).isEqualTo(new Service(key, "wp.shop.svc.cluster.local", List.of(),
                List.of(new ServicePort("mesh", 15008, 15008, Optional.empty())),
                List.of(new Endpoint("uid-wp-1", ip("198.18.1.15"), true)), Optional.empty(), TrafficPolicy.DEFAULT));
        assertThat(model.workloads().get("uid-wp-1").captured()).isFalse();
        assertThat(model.workloads().get("uid-other-gw-1").captured()).isTrue();
        assertThat(model.services().get(ECHO).waypoint()).contains(new WaypointRef("shop", "wp"));
    }

    @Test
    void appliesTrafficPoliciesByTarget() {
        String whole = """
                apiVersion: networking.trellis.dev/v1
                kind: TrafficPolicy
                metadata: {name: a-whole, namespace: shop}
                spec: {targetRef: {kind: Service, name: echo}, loadBalancer: {leastRequest: {}}}""";
        String duplicate = whole.replace("a-whole", "b-dup").replace("leastRequest", "roundRobin");
        String port = whole.replace("a-whole", "c-port").replace("name: echo}", "name: echo, port: 80}")
                .replace("{leastRequest: {}}", "{ringHash: {header: x-user}}");
        MeshModel model = MeshTranslator.translate(store(whole, duplicate, port,
                service("shop", "echo", "198.19.0.10", "", "app: echo")), CONFIG);

        TrafficPolicy leastRequest = model.trafficPolicies().get(TrafficTarget.wholeService(ECHO));
        assertThat(leastRequest.loadBalancer().algorithm()).isEqualTo(TrafficPolicy.Algorithm.LEAST_REQUEST);
        assertThat(model.services().get(ECHO).trafficPolicy()).isEqualTo(leastRequest);
        assertThat(model.trafficPolicies().get(new TrafficTarget(ECHO, OptionalInt.of(80))).loadBalancer()
                .hashHeader()).contains("x-user");
        assertThat(model.problems()).containsExactly("TrafficPolicy shop/b-dup: targets shop/echo like a-whole, "
                + "which wins (expected: one policy per target)");
    }

    @Test
    void carriesEveryAuthorizationPolicyInNamespaceThenNameOrder() {
        MeshModel model = MeshTranslator.translate(store(allow("web", "b", "app: x"), allow("shop", "z", "app: y"),
                allow("shop", "a", "app: y")), CONFIG);

        assertThat(model.policies()).extracting(p -> p.namespace() + "/" + p.name())
                .containsExactly("shop/a", "shop/z", "web/b");
    }

    @Test
    void anAddressBelongsToOneLivePodOnly() {
        String ended = pod("shop", "a-old", "node-a", "198.18.1.10", "app: echo")
                .replace("phase: Running", "phase: Failed");
        MeshModel model = MeshTranslator.translate(store(ended,
                pod("shop", "b", "node-a", "198.18.1.10", "app: echo"),
                pod("shop", "c", "node-a", "198.18.1.10", "app: echo"),
                service("shop", "echo", "198.19.0.10", "", "app: echo")), CONFIG);

        assertThat(model.workloads().get("uid-b").addresses()).containsExactly(ip("198.18.1.10"));
        assertThat(model.workloads().get("uid-c").addresses()).isEmpty();
        assertThat(model.services().get(ECHO).endpoints()).extracting(Endpoint::workloadUid).containsExactly("uid-b");
        assertThat(model.problems()).containsExactly("Pod shop/c: address 198.18.1.10 is also Pod shop/b's "
                + "(expected: one pod per address); left out");
    }

    @Test
    void theSameStoreGivesAnEqualModel() {
        String[] docs = {namespace("shop", "trellis.dev/dataplane-mode: ambient"),
            service("shop", "echo", "198.19.0.10", "", "app: echo"),
            pod("shop", "echo-1", "node-a", "198.18.1.10", "app: echo"),
            pod("shop", "echo-2", "node-b", "198.18.2.10", "app: echo")};
        String[] reversed = {docs[3], docs[2], docs[1], docs[0]};

        assertThat(MeshTranslator.translate(store(docs), CONFIG))
                .isEqualTo(MeshTranslator.translate(store(reversed), CONFIG));
    }

    private static Arguments binding(String ns, String svc, String className, String waypointFor,
            WaypointRef serviceWaypoint, WaypointRef workloadWaypoint) {
        return Arguments.of(ns, svc, className, waypointFor, serviceWaypoint, workloadWaypoint);
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }
}
