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
    public static final ServiceNames EMPTY = new ServiceNames(Map.of());

    private final Map<String, List<InetAddress>> addressesByName;

    private ServiceNames(Map<String, List<InetAddress>> addressesByName) {
        this.addressesByName = Map.copyOf(addressesByName);
    }

    public static ServiceNames of(MeshSnapshot snapshot) {
        Map<String, List<InetAddress>> names = new HashMap<>();
        for (Service s : snapshot.services().values()) {
            List<InetAddress> addresses = s.vips().isEmpty()
                    ? s.endpoints().stream().filter(Endpoint::ready).map(Endpoint::address).distinct().toList()
                    : s.vips();
            names.put(normalize(s.hostname()), addresses);
        }
        return new ServiceNames(names);
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

    public int size() {
        return addressesByName.size();
    }

    /** Lower case, without the root's trailing dot. */
    static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
