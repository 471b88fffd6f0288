package dev.trellis.waypoint.resilience;

import dev.trellis.core.balance.AffinityHash;
import dev.trellis.core.balance.EndpointLoad;
import dev.trellis.core.balance.LeastRequest;
import dev.trellis.core.balance.LoadBalancer;
import dev.trellis.core.balance.RoundRobin;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.TrafficPolicy.Algorithm;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Orders a destination's endpoints for one request: the ready ones not ejected by outlier detection (all ready
 * ones if every one is ejected, rather than none), in the order of the destination's load balancer. Round
 * robin by default; least request by requests in flight ({@link #load()}); ring hash by the value of the
 * policy's header or cookie, a random key when the request has none. Thread-safe.
 */
public final class EndpointPicker {
    private final Map<Algorithm, LoadBalancer> balancers = new EnumMap<>(Algorithm.class);
    private final EndpointLoad load = new EndpointLoad();
    private final RandomGenerator random;

    public EndpointPicker(RandomGenerator random) {
        this.random = random;
        balancers.put(Algorithm.ROUND_ROBIN, new RoundRobin());
        balancers.put(Algorithm.LEAST_REQUEST, new LeastRequest(random, load));
        balancers.put(Algorithm.RING_HASH, new AffinityHash());
    }

    /** Requests in flight per endpoint: track each try with it. */
    public EndpointLoad load() {
        return load;
    }

    /**
     * @param header the request's header of a name (for ring hash), empty when absent
     * @param cookie the request's cookie of a name (for ring hash), empty when absent
     */
    public List<Endpoint> order(Service service, Set<InetAddress> ejected, HeaderLookup header, HeaderLookup cookie) {
        List<Endpoint> ready = new ArrayList<>();
        List<Endpoint> healthy = new ArrayList<>();
        for (Endpoint e : service.endpoints()) {
            if (e.ready()) {
                ready.add(e);
                if (!ejected.contains(e.address())) {
                    healthy.add(e);
                }
            }
        }
        List<Endpoint> candidates = healthy.isEmpty() ? ready : healthy;
        if (candidates.isEmpty()) {
            return List.of();
        }
        TrafficPolicy.LoadBalancer lb = service.trafficPolicy().loadBalancer();
        return balancers.get(lb.algorithm()).order(service.key(), candidates, affinityKey(lb, header, cookie));
    }

    private String affinityKey(TrafficPolicy.LoadBalancer lb, HeaderLookup header, HeaderLookup cookie) {
        Optional<String> key = lb.hashHeader().flatMap(header::value).or(() -> lb.hashCookie().flatMap(cookie::value));
        return key.orElseGet(() -> Long.toHexString(random.nextLong()));
    }

    /** A request's header or cookie by name. */
    @FunctionalInterface
    public interface HeaderLookup {
        Optional<String> value(String name);
    }
}
