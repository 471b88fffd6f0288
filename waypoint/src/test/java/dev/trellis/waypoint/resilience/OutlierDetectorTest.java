package dev.trellis.waypoint.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.TrafficPolicy.OutlierDetection;
import dev.trellis.testing.time.MovableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {
    private static final TryOutcome OK = TryOutcome.response(200, OptionalInt.empty());
    private static final TryOutcome E500 = TryOutcome.response(500, OptionalInt.empty());
    private static final TryOutcome E503 = TryOutcome.response(503, OptionalInt.empty());
    private static final OutlierDetection THREE_5XX = new OutlierDetection(3, Integer.MAX_VALUE,
            Duration.ofSeconds(10), Duration.ofSeconds(30), 50);

    private final MovableClock clock = new MovableClock();
    private final List<OutlierDetector.Ejection> ejections = new ArrayList<>();
    private final OutlierDetector detector = new OutlierDetector(clock, ejections::add);
    private final Service shop = service(4);
    private final InetAddress a = shop.endpoints().get(0).address();
    private final InetAddress b = shop.endpoints().get(1).address();
    private final InetAddress c = shop.endpoints().get(2).address();

    @Test
    void consecutiveFailuresEjectAndASuccessInBetweenStartsTheCountAgain() {
        record(a, E500, E500, OK, E500, E500);
        assertThat(detector.ejected(shop.key())).isEmpty();
        record(a, E500);
        assertThat(detector.ejected(shop.key())).containsExactly(a);
        assertThat(ejections).singleElement().satisfies(e -> {
            assertThat(e.duration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(e.times()).isEqualTo(1);
        });
    }

    @Test
    void anEjectionEndsAfterItsTimeAndRepeatedEjectionsLastLongerThenDecay() {
        record(a, E500, E500, E500);
        clock.advance(Duration.ofSeconds(30));
        assertThat(detector.ejected(shop.key())).as("back after the base ejection time").isEmpty();
        record(a, E500, E500, E500);
        assertThat(ejections.getLast().duration()).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60).plus(THREE_5XX.interval()));
        record(a, OK);
        record(a, E500, E500, E500);
        assertThat(ejections.getLast().duration()).as("one interval healthy took one off the multiplier")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void atMostTheMaximumShareIsEjectedButAlwaysOne() {
        record(a, E500, E500, E500);
        record(b, E500, E500, E500);
        record(c, E500, E500, E500);
        assertThat(detector.ejected(shop.key())).as("50 % of 4").containsExactlyInAnyOrder(a, b);

        Service pair = service(2);
        OutlierDetection tenPercent = new OutlierDetection(1, Integer.MAX_VALUE, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 10);
        InetAddress first = pair.endpoints().get(0).address();
        InetAddress second = pair.endpoints().get(1).address();
        detector.record(pair, first, E500, tenPercent);
        detector.record(pair, second, E500, tenPercent);
        assertThat(detector.ejected(pair.key())).containsExactly(first);
    }

    @Test
    void gatewayErrorsCountSeparatelyAndZeroPercentTurnsEjectionOff() {
        OutlierDetection twoGateway = new OutlierDetection(Integer.MAX_VALUE, 2, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 100);
        detector.record(shop, a, E500, twoGateway);
        detector.record(shop, a, E503, twoGateway);
        assertThat(detector.ejected(shop.key())).as("a 500 is not a gateway error").isEmpty();
        detector.record(shop, a, TryOutcome.failed(TryOutcome.Failure.CONNECT_FAILURE), twoGateway);
        assertThat(detector.ejected(shop.key())).containsExactly(a);

        OutlierDetection off = new OutlierDetection(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(30), 0);
        detector.record(shop, b, E503, off);
        assertThat(detector.ejected(shop.key())).doesNotContain(b);
    }

    private void record(InetAddress endpoint, TryOutcome... outcomes) {
        for (TryOutcome o : outcomes) {
            detector.record(shop, endpoint, o, THREE_5XX);
        }
    }

    private static Service service(int endpoints) {
        ServiceKey key = new ServiceKey("app", "shop" + endpoints);
        List<Endpoint> list = IntStream.range(0, endpoints).mapToObj(i -> new Endpoint("uid-" + i,
                InetAddress.ofLiteral("198.18.9." + (10 + i)), true)).toList();
        return new Service(key, key.name() + ".app.svc.cluster.local", List.of(InetAddress.ofLiteral("198.19.0.9")),
                List.of(new ServicePort("http", 80, 8080, Optional.empty())), list, Optional.empty(),
                TrafficPolicy.DEFAULT);
    }
}
