package dev.trellis.waypoint.proxy;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Round robin over a service's ready endpoints. Thread-safe: one counter per service. */
final class EndpointBalancer {

    private final ConcurrentHashMap<ServiceKey, AtomicInteger> next = new ConcurrentHashMap<>();

    Optional<Endpoint> pick(Service service) {
        List<Endpoint> ready = service.endpoints().stream().filter(Endpoint::ready).toList();
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        int i = next.computeIfAbsent(service.key(), k -> new AtomicInteger()).getAndIncrement();
        return Optional.of(ready.get(Math.floorMod(i, ready.size())));
    }
}
