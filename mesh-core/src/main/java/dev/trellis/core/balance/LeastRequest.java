package dev.trellis.core.balance;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Least request by the power of two choices: two different endpoints drawn at random, the one with fewer
 * active connections (or requests) first (the first drawn on a tie), the other second, the rest after in list order.
 * Two random choices avoid the herd that "always the least loaded" causes when many agents act at once.
 */
public final class LeastRequest implements LoadBalancer {

    private final RandomGenerator random;
    private final ActiveLoad active;

    /**
     * @param random the randomness (a seeded generator in tests); must be safe for the callers' threads
     * @param active the current connection (node-agent) or request (waypoint) counts per endpoint address
     */
    public LeastRequest(RandomGenerator random, ActiveLoad active) {
        this.random = random;
        this.active = active;
    }

    @Override
    public List<Endpoint> order(ServiceKey service, List<Endpoint> healthy, String affinityKey) {
        int n = healthy.size();
        if (n == 1) {
            return List.of(healthy.getFirst());
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Endpoint first = healthy.get(a);
        Endpoint second = healthy.get(b);
        if (active.active(second.address()) < active.active(first.address())) {
            Endpoint swap = first;
            first = second;
            second = swap;
        }
        List<Endpoint> ordered = new ArrayList<>(n);
        ordered.add(first);
        ordered.add(second);
        for (int i = 0; i < n; i++) {
            if (i != a && i != b) {
                ordered.add(healthy.get(i));
            }
        }
        return ordered;
    }
}
