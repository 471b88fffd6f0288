package dev.trellis.nodeagent.outbound;

import static dev.trellis.nodeagent.outbound.Mesh.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import dev.trellis.nodeagent.NodeAgentConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundPlannerTest {

    private static final WaypointRef WAYPOINT = new WaypointRef("shop", "waypoint");

    private final Mesh mesh = new Mesh();
    private final Workload web = mesh.add("web-1", "shop", "web", "198.18.1.10", true);
    private final Workload echo1 = mesh.add("echo-1", "shop", "echo", "198.18.2.10", true);
    private final Workload echo2 = mesh.add("echo-2", "shop", "echo", "198.18.2.11", true);
    private final Workload echo3 = mesh.add("echo-3", "shop", "echo", "198.18.2.12", true);
    private final Workload echo4 = mesh.add(Mesh.workload("echo-4", "shop", "echo", "198.18.2.13", true,
            Optional.empty(), Workload.WorkloadStatus.UNHEALTHY));
    private final Workload db = mesh.add("db-1", "data", "db", "198.18.3.10", false);
    private final Workload reviews = mesh.add("reviews-1", "shop", "reviews", "198.18.2.20", true);
    private final Workload ratings = mesh.add(Mesh.workload("ratings-1", "shop", "ratings", "198.18.2.30", true,
            Optional.of(WAYPOINT), Workload.WorkloadStatus.HEALTHY));
    private final Workload waypointPod = mesh.add("waypoint-1", "shop", "waypoint", "198.18.4.10", false);
    private final Workload mixedPlain = mesh.add("mixed-2", "shop", "mixed", "198.18.5.11", false);
    private final Workload mixedMesh = mesh.add("mixed-1", "shop", "mixed", "198.18.5.10", true);

    private final OutboundPlanner planner = OutboundPlanner.create(NodeAgentConfig.Ports.DEFAULT,
            new SplittableRandom(7), address -> 0);

    OutboundPlannerTest() {
        mesh.service("shop", "echo", "198.19.0.1", 80, 8080, Optional.empty(), TrafficPolicy.DEFAULT,
                endpoint(echo1, true), endpoint(echo2, true), endpoint(echo3, false), endpoint(echo4, true));
        mesh.service("data", "legacy", "198.19.0.2", 5432, 5432, Optional.empty(), TrafficPolicy.DEFAULT,
                endpoint(db, true));
        mesh.service("shop", "reviews", "198.19.0.3", 9080, 9080, Optional.of(WAYPOINT), TrafficPolicy.DEFAULT,
                endpoint(reviews, true));
        mesh.service("shop", "waypoint", "198.19.0.9", 15008, 15008, Optional.empty(), TrafficPolicy.DEFAULT,
                endpoint(waypointPod, true));
        mesh.service("shop", "loop", "198.19.0.4", 80, 15006, Optional.empty(), TrafficPolicy.DEFAULT,
                endpoint(echo1, true));
        mesh.service("shop", "empty", "198.19.0.5", 80, 80, Optional.empty(), TrafficPolicy.DEFAULT);
        mesh.service("shop", "orphan", "198.19.0.6", 80, 80, Optional.of(new WaypointRef("shop", "gone")),
                TrafficPolicy.DEFAULT, endpoint(echo1, true));
        mesh.service("shop", "mixed", "198.19.0.7", 80, 8080, Optional.empty(), TrafficPolicy.DEFAULT,
                endpoint(mixedMesh, true), endpoint(mixedPlain, true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // destination       | route               | transport | connect to          | identity                                    | authority
        "198.19.0.1:80       | SERVICE             | HBONE     | 198.18.2.10:15008   | spiffe://cluster.local/ns/shop/sa/echo      | 198.18.2.10:8080",
        "198.19.0.2:5432     | SERVICE             | TCP       | 198.18.3.10:5432    | -                                           | -",
        "198.19.0.3:9080     | WAYPOINT            | HBONE     | 198.18.4.10:15008   | spiffe://cluster.local/ns/shop/sa/waypoint  | 198.19.0.3:9080",
        "198.18.2.30:7000    | WAYPOINT            | HBONE     | 198.18.4.10:15008   | spiffe://cluster.local/ns/shop/sa/waypoint  | 198.18.2.30:7000",
        "198.18.2.20:9080    | WORKLOAD            | HBONE     | 198.18.2.20:15008   | spiffe://cluster.local/ns/shop/sa/reviews   | 198.18.2.20:9080",
        "198.18.3.10:5432    | PASSTHROUGH         | TCP       | 198.18.3.10:5432    | -                                           | -",
        "198.18.9.9:443      | PASSTHROUGH         | TCP       | 198.18.9.9:443      | -                                           | -",
        "198.18.2.10:15008   | LOOP                | -         | -                   | -                                           | -",
        "198.18.2.10:15001   | LOOP                | -         | -                   | -                                           | -",
        "198.18.2.10:15006   | LOOP                | -         | -                   | -                                           | -",
        "198.19.0.4:80       | LOOP                | -         | -                   | -                                           | -",
        "198.19.0.1:81       | NO_SUCH_PORT        | -         | -                   | -                                           | -",
        "198.19.0.5:80       | NO_HEALTHY_UPSTREAM | -         | -                   | -                                           | -",
        "198.19.0.6:80       | NO_HEALTHY_UPSTREAM | -         | -                   | -                                           | -",
    })
    void plansByDestination(String destination, Route route, Upstream.Transport transport, String connectTo,
            String identity, String authority) {
        OutboundPlan plan = planner.plan(mesh.snapshot(), web, socket(destination));

        assertThat(plan.route()).as(plan.reason()).isEqualTo(route);
        assertThat(plan.destination()).isEqualTo(socket(destination));
        if (route.refused()) {
            assertThat(plan.upstreams()).isEmpty();
            return;
        }
        Upstream first = plan.upstreams().getFirst();
        assertThat(first.transport()).isEqualTo(transport);
        assertThat(first.address()).isEqualTo(socket(connectTo));
        assertThat(first.identity().map(Object::toString)).isEqualTo(Optional.ofNullable(identity));
        assertThat(first.authority()).isEqualTo(Optional.ofNullable(authority).map(OutboundPlannerTest::socket));
    }

    @Test
    void serviceSkipsUnreadyAndUnhealthyEndpointsAndCarriesTheRestForRetry() {
        OutboundPlan plan = planner.plan(mesh.snapshot(), web, socket("198.19.0.1:80"));

        assertThat(plan.service().map(Service::hostname)).contains("echo.shop.svc.cluster.local");
        assertThat(plan.upstreams()).extracting(u -> u.address().getAddress().getHostAddress())
                .containsExactly("198.18.2.10", "198.18.2.11");
        assertThat(plan.upstreams()).extracting(u -> u.workload().orElseThrow().name())
                .containsExactly("echo-1", "echo-2");
    }

    @Test
    void roundRobinRotatesTheFirstEndpointPerService() {
        MeshSnapshot snapshot = mesh.snapshot();
        List<String> firsts = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> planner.plan(snapshot, web, socket("198.19.0.1:80")).upstreams().getFirst())
                .map(u -> u.workload().orElseThrow().name()).toList();
        assertThat(firsts).containsExactly("echo-1", "echo-2", "echo-1", "echo-2");
    }

    @Test
    void serviceWithCapturedAndPlainEndpointsMixesTransports() {
        OutboundPlan plan = planner.plan(mesh.snapshot(), web, socket("198.19.0.7:80"));
        assertThat(plan.upstreams()).extracting(Upstream::transport, u -> u.address().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Upstream.Transport.HBONE, "/198.18.5.10:15008"),
                        org.assertj.core.groups.Tuple.tuple(Upstream.Transport.TCP, "/198.18.5.11:8080"));
    }

    @Test
    void theWaypointItselfGoesStraightToTheService() {
        OutboundPlan plan = planner.plan(mesh.snapshot(), waypointPod, socket("198.19.0.3:9080"));
        assertThat(plan.route()).isEqualTo(Route.SERVICE);
        assertThat(plan.upstreams().getFirst().address()).isEqualTo(socket("198.18.2.20:15008"));
        assertThat(planner.plan(mesh.snapshot(), waypointPod, socket("198.18.2.30:7000")).route())
                .isEqualTo(Route.WORKLOAD);
    }

    @Test
    void endpointsOfTheOtherAddressFamilyAreNotCandidates() {
        Mesh dual = new Mesh();
        Workload v6 = dual.add(new Workload("uid-v6", "v6", "shop", web.identity(), "node-1",
                List.of(InetAddress.ofLiteral("fd00:7472::10")), true, Optional.empty(), java.util.Map.of(),
                Workload.WorkloadStatus.HEALTHY));
        Workload v4 = dual.add("v4", "shop", "echo", "198.18.2.50", true);
        dual.service("shop", "dual", "198.19.0.8", 80, 80, Optional.empty(), TrafficPolicy.DEFAULT,
                endpoint(v6, true), endpoint(v4, true));

        OutboundPlan plan = planner.plan(dual.snapshot(), web, socket("198.19.0.8:80"));

        assertThat(plan.upstreams()).extracting(u -> u.workload().orElseThrow().name()).containsExactly("v4");
    }

    @Test
    void reasonsNameTheServiceAndTheCause() {
        MeshSnapshot snapshot = mesh.snapshot();
        assertThat(planner.plan(snapshot, web, socket("198.19.0.1:81")).reason())
                .isEqualTo("service shop/echo has no port 81");
        assertThat(planner.plan(snapshot, web, socket("198.19.0.6:80")).reason())
                .isEqualTo("waypoint shop/gone is not in the snapshot");
        assertThat(planner.plan(snapshot, web, socket("198.18.3.10:5432")).reason())
                .isEqualTo("passthrough: workload data/db-1 is not captured");
        assertThat(planner.plan(snapshot, web, socket("198.19.0.4:80")).reason())
                .contains("targets port 15006, one of the mesh's own ports (would loop)");
    }

    static InetSocketAddress socket(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.ofLiteral(hostPort.substring(0, colon).strip()),
                Integer.parseInt(hostPort.substring(colon + 1).strip()));
    }
}
