package dev.trellis.nodeagent.dns;

import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Service;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names the proxy answers itself: every service's hostname → its VIPs (a headless service: its ready
 * endpoints' addresses). Immutable; built once per snapshot, read by event loops.
 */
public final class ServiceNames {
    public static final ServiceNames EMPTY = new ServiceNames(Map.of(), java.util.Set.of());

    private final Map<String, List<InetAddress>> addressesByName;
    private final java.util.Set<String> zones;

    private ServiceNames(Map<String, List<InetAddress>> addressesByName, java.util.Set<String> zones) {
        this.addressesByName = Map.copyOf(addressesByName);
        this.zones = java.util.Set.copyOf(zones);
    }

    public static ServiceNames of(MeshSnapshot snapshot) {
        Map<String, List<InetAddress>> names = new HashMap<>();
        java.util.Set<String> zones = new java.util.HashSet<>();
        for (Service s : snapshot.services().values()) {
            String host = normalize(s.hostname());
            String prefix = s.key().name() + "." + s.key().namespace() + ".";
            if (host.startsWith(prefix)) {
                zones.add(host.substring(prefix.length()));
            }
            List<InetAddress> addresses = s.vips().isEmpty()
                    ? s.endpoints().stream().filter(Endpoint::ready).map(Endpoint::address).distinct().toList()
                    : s.vips();
            names.put(normalize(s.hostname()), addresses);
        }
        return new ServiceNames(names, zones);
    }

    /**
     * The addresses of {@code name} of one family, or empty when the name is not a service's (forward it).
     * A known name with no address of that family answers with no records (NODATA), not by forwarding.
     */
    public Optional<List<InetAddress>> lookup(String name, boolean ipv6) {
        List<InetAddress> all = addressesByName.get(normalize(name));
        if (all == null) {
            return Optional.empty();
        }
        List<InetAddress> family = new ArrayList<>();
        for (InetAddress a : all) {
            if ((a instanceof Inet4Address) != ipv6) {
                family.add(a);
            }
        }
        return Optional.of(List.copyOf(family));
    }

    /**
     * Whether the proxy answers for {@code name} with authority: a name under the services' zone
     * ({@code svc.cluster.local}) that is not a service does not exist (NXDOMAIN at once, as the cluster's DNS
     * would say), instead of being forwarded.
     */
    public boolean authoritativeFor(String name) {
        String n = normalize(name);
        for (String zone : zones) {
            if (n.endsWith("." + zone)) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return addressesByName.size();
    }

    /** Lower case, without the root's trailing dot. */
    static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
