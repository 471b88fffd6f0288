package dev.trellis.waypoint.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.TrafficPolicy.Algorithm;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndpointPickerTest {
    private static final Endpoint A = new Endpoint("a", InetAddress.ofLiteral("198.18.9.1"), true);
    private static final Endpoint B = new Endpoint("b", InetAddress.ofLiteral("198.18.9.2"), true);
    private static final Endpoint NOT_READY = new Endpoint("c", InetAddress.ofLiteral("198.18.9.3"), false);

    private final EndpointPicker picker = new EndpointPicker(new SplittableRandom(7));

    @Test
    void ejectedAndUnreadyEndpointsAreLeftOutUnlessEveryReadyOneIsEjected() {
        Service s = service(TrafficPolicy.LoadBalancer.ROUND_ROBIN);

        assertThat(picker.order(s, Set.of(A.address()), none(), none())).containsExactly(B);
        assertThat(picker.order(s, Set.of(A.address(), B.address()), none(), none()))
                .as("all ejected: try them anyway rather than fail").containsExactlyInAnyOrder(A, B);
    }

    @Test
    void ringHashFollowsTheHeaderThenTheCookieAndIsStable() {
        Service byHeader = service(new TrafficPolicy.LoadBalancer(Algorithm.RING_HASH, Optional.of("x-user"),
                Optional.empty()));
        List<Endpoint> alice = picker.order(byHeader, Set.of(), name -> Optional.of("alice"), none());
        for (int i = 0; i < 10; i++) {
            assertThat(picker.order(byHeader, Set.of(), name -> Optional.of("alice"), none())).isEqualTo(alice);
        }
        Service byCookie = service(new TrafficPolicy.LoadBalancer(Algorithm.RING_HASH, Optional.empty(),
                Optional.of("session")));
        List<Endpoint> session = picker.order(byCookie, Set.of(), none(), name -> Optional.of("s-42"));
        assertThat(picker.order(byCookie, Set.of(), none(), name -> Optional.of("s-42"))).isEqualTo(session);
    }

    private static EndpointPicker.HeaderLookup none() {
        return name -> Optional.empty();
    }

    private static Service service(TrafficPolicy.LoadBalancer lb) {
        ServiceKey key = new ServiceKey("app", "shop");
        return new Service(key, "shop.app.svc.cluster.local", List.of(InetAddress.ofLiteral("198.19.0.9")),
                List.of(new ServicePort("http", 80, 8080, Optional.empty())), List.of(A, B, NOT_READY),
                Optional.empty(), new TrafficPolicy(lb, TrafficPolicy.ConnectionPool.UNLIMITED, Optional.empty(),
                        Optional.empty()));
    }
}
