package dev.trellis.core.model;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one proxy knows about the mesh at one version. Built off the hot path by the discovery client,
 * published whole (one {@code AtomicReference.set}), read without locks by event loops.
 *
 * <p>Invariant: the address and VIP indexes are derived from {@code workloads} and {@code services} in the
 * constructor and never change afterwards.
 *
 * @param version the discovery version this snapshot reflects
 * @param workloads every workload the proxy needs, by uid
 * @param services every service the proxy needs, by key
 * @param policies the authorization policies that may apply to the proxy's workloads
 * @param trustBundlePem the PEM roots that peers' certificates must chain to (several during rotation)
 */
public record MeshSnapshot(
        String version,
        Map<String, Workload> workloads,
        Map<ServiceKey, Service> services,
        List<AuthorizationPolicy> policies,
        List<String> trustBundlePem,
        Map<InetAddress, Workload> workloadsByAddress,
        Map<InetAddress, Service> servicesByVip) {

    /** The snapshot a proxy starts with, before the first push. */
    public static final MeshSnapshot EMPTY = of("", Map.of(), Map.of(), List.of(), List.of());

    public MeshSnapshot {
        Objects.requireNonNull(version, "version");
        workloads = Map.copyOf(workloads);
        services = Map.copyOf(services);
        policies = List.copyOf(policies);
        trustBundlePem = List.copyOf(trustBundlePem);
        workloadsByAddress = Map.copyOf(workloadsByAddress);
        servicesByVip = Map.copyOf(servicesByVip);
    }

    /** Builds a snapshot and its indexes. */
    public static MeshSnapshot of(String version, Map<String, Workload> workloads,
            Map<ServiceKey, Service> services, List<AuthorizationPolicy> policies, List<String> trustBundlePem) {
        Map<InetAddress, Workload> byAddress = new HashMap<>();
        for (Workload w : workloads.values()) {
            for (InetAddress a : w.addresses()) {
                byAddress.put(a, w);
            }
        }
        Map<InetAddress, Service> byVip = new HashMap<>();
        for (Service s : services.values()) {
            for (InetAddress vip : s.vips()) {
                byVip.put(vip, s);
            }
        }
        return new MeshSnapshot(version, workloads, services, policies, trustBundlePem, byAddress, byVip);
    }

    public Optional<Workload> workloadAt(InetAddress address) {
        return Optional.ofNullable(workloadsByAddress.get(address));
    }

    public Optional<Service> serviceAt(InetAddress vip) {
        return Optional.ofNullable(servicesByVip.get(vip));
    }

    public Optional<Service> service(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }
}
