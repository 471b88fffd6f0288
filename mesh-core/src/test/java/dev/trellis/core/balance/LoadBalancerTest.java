package dev.trellis.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServiceKey;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadBalancerTest {

    private static final ServiceKey KEY = new ServiceKey("shop", "echo");
    private final String source = "uid-web-1";
    private final List<Endpoint> endpoints = IntStream.range(0, 4)
            .mapToObj(i -> new Endpoint("uid-" + i, InetAddress.ofLiteral("198.18.2." + (10 + i)), true))
            .toList();

    @Test
    void roundRobinStartsOneFurtherEachCallAndWraps() {
        RoundRobin rr = new RoundRobin();
        assertThat(hosts(rr.order(KEY, endpoints, source))).containsExactly(10, 11, 12, 13);
        assertThat(hosts(rr.order(KEY, endpoints, source))).containsExactly(11, 12, 13, 10);
        assertThat(hosts(rr.order(new ServiceKey("shop", "other"), endpoints, source)))
                .containsExactly(10, 11, 12, 13);
        rr.order(KEY, endpoints, source);
        assertThat(hosts(rr.order(KEY, endpoints, source))).containsExactly(13, 10, 11, 12);
    }

    @ParameterizedTest(name = "draws {0},{1} with load {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // first draw | second draw (of n-1) | active per endpoint .10-.13 | expected order
        "0 | 0 | 5,1,0,0 | 11,10,12,13",
        "0 | 0 | 1,5,0,0 | 10,11,12,13",
        "2 | 2 | 0,0,3,3 | 12,13,10,11",
        "3 | 0 | 9,9,9,2 | 13,10,11,12",
        "1 | 2 | 4,4,0,4 | 11,13,10,12",
    })
    void leastRequestPicksTheLessLoadedOfTwoDraws(int first, int second, String load, String expected) {
        String[] parts = load.split(",");
        Map<InetAddress, Integer> active = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            active.put(endpoints.get(i).address(), Integer.parseInt(parts[i]));
        }
        LeastRequest lr = new LeastRequest(new ScriptedRandom(first, second), active::get);

        List<Integer> order = hosts(lr.order(KEY, endpoints, source));

        assertThat(order).containsExactlyElementsOf(
                java.util.Arrays.stream(expected.split(",")).map(Integer::parseInt).toList());
    }

    @Test
    void leastRequestWithOneEndpointDrawsNothing() {
        LeastRequest lr = new LeastRequest(new ScriptedRandom(), a -> 0);
        assertThat(lr.order(KEY, endpoints.subList(0, 1), source)).containsExactly(endpoints.getFirst());
    }

    @Test
    void affinityIsStableAndMovesOnlyTheKeysOfARemovedEndpoint() {
        AffinityHash affinity = new AffinityHash();
        Map<String, InetAddress> before = new HashMap<>();
        int moved = 0;
        int[] perEndpoint = new int[4];
        for (int i = 0; i < 400; i++) {
            String caller = "caller-" + i;
            List<Endpoint> order = affinity.order(KEY, endpoints, caller);
            assertThat(affinity.order(KEY, endpoints, caller)).isEqualTo(order);
            assertThat(order).containsExactlyInAnyOrderElementsOf(endpoints);
            before.put(caller, order.getFirst().address());
            perEndpoint[endpoints.indexOf(order.getFirst())]++;
            InetAddress after = affinity.order(KEY, endpoints.subList(0, 3), caller).getFirst().address();
            if (!after.equals(order.getFirst().address())) {
                moved++;
                assertThat(order.getFirst()).isEqualTo(endpoints.get(3));
                assertThat(after).isEqualTo(order.get(1).address());
            }
        }
        assertThat(moved).isEqualTo(perEndpoint[3]);
        assertThat(IntStream.of(perEndpoint).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
    }

    private static List<Integer> hosts(List<Endpoint> ordered) {
        return ordered.stream().map(e -> e.address().getAddress()[3] & 0xff).toList();
    }

    /** Answers {@code nextInt(bound)} from a script; any other use is a test error. */
    private static final class ScriptedRandom implements RandomGenerator {
        private final Deque<Integer> script = new ArrayDeque<>();

        ScriptedRandom(int... draws) {
            for (int d : draws) {
                script.add(d);
            }
        }

        @Override
        public int nextInt(int bound) {
            int next = script.removeFirst();
            if (next >= bound) {
                throw new AssertionError("scripted draw " + next + " out of bound " + bound);
            }
            return next;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("unexpected nextLong()");
        }
    }
}
