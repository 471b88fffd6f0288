package dev.trellis.core.balance;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin per service: each call starts one endpoint further; the fallbacks follow in list order,
 * wrapping around. Lock-free; one counter per service ever seen (services are few and long-lived).
 */
public final class RoundRobin implements LoadBalancer {

    private final ConcurrentHashMap<ServiceKey, AtomicInteger> next = new ConcurrentHashMap<>();

    @Override
    public List<Endpoint> order(ServiceKey service, List<Endpoint> healthy, String affinityKey) {
        int n = healthy.size();
        int start = Math.floorMod(next.computeIfAbsent(service, k -> new AtomicInteger()).getAndIncrement(), n);
        List<Endpoint> ordered = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ordered.add(healthy.get((start + i) % n));
        }
        return ordered;
    }
}
