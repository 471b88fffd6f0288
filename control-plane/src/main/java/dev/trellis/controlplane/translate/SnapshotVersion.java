package dev.trellis.controlplane.translate;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version of a proxy's view: a SHA-256 over a canonical text of its content, so that equal content
 * gives an equal version in any process, and a proxy can tell "nothing changed" from a version alone.
 *
 * <p>The canonical text writes maps in key order and addresses as literals; it never relies on
 * {@code Map.toString()}, whose order differs between JVM runs.
 */
public final class SnapshotVersion {

    private static final int VERSION_BYTES = 16;

    private SnapshotVersion() {
    }

    /** {@code sha256:<32 hex digits>} over workloads, services, policies and the trust bundle. */
    public static String of(Map<String, Workload> workloads, Map<ServiceKey, Service> services,
            List<AuthorizationPolicy> policies, List<String> trustBundlePem) {
        return of(shared(workloads, services), policies, trustBundlePem);
    }

    /**
     * The digest of what every node-agent shares (workloads and services), computed once per model and
     * combined with each node's own part by {@link #of(String, List, List)}.
     */
    static String shared(Map<String, Workload> workloads, Map<ServiceKey, Service> services) {
        StringBuilder text = new StringBuilder();
        for (Workload w : sorted(workloads.values(), Comparator.comparing(Workload::uid))) {
            workload(text, w);
        }
        for (Service s : sorted(services.values(), Comparator.comparing(s -> s.key().toString()))) {
            service(text, s);
        }
        return HexFormat.of().formatHex(sha256(text.toString()));
    }

    static String of(String sharedDigest, List<AuthorizationPolicy> policies, List<String> trustBundlePem) {
        StringBuilder text = new StringBuilder("shared ").append(sharedDigest).append('\n');
        for (AuthorizationPolicy p : policies) {
            text.append("policy ").append(p.namespace()).append('/').append(p.name()).append(' ')
                    .append(new TreeMap<>(p.selector())).append(' ').append(p.action()).append(' ')
                    .append(p.rules()).append('\n');
        }
        trustBundlePem.forEach(pem -> text.append("root ").append(pem.strip()).append('\n'));
        return "sha256:" + HexFormat.of().formatHex(sha256(text.toString()), 0, VERSION_BYTES);
    }

    private static void workload(StringBuilder text, Workload w) {
        text.append("workload ").append(w.uid()).append(' ').append(w.namespace()).append('/').append(w.name())
                .append(' ').append(w.identity().uri()).append(' ').append(w.node()).append(' ')
                .append(addresses(w.addresses())).append(' ').append(w.captured()).append(' ')
                .append(w.waypoint()).append(' ').append(new TreeMap<>(w.labels())).append(' ').append(w.status())
                .append('\n');
    }

    private static void service(StringBuilder text, Service s) {
        text.append("service ").append(s.key()).append(' ').append(s.hostname()).append(' ')
                .append(addresses(s.vips())).append(' ').append(s.ports()).append(' ');
        for (Endpoint e : s.endpoints()) {
            text.append(e.workloadUid()).append('@').append(e.address().getHostAddress()).append(':')
                    .append(e.ready()).append(',');
        }
        text.append(' ').append(s.waypoint()).append(' ').append(s.trafficPolicy()).append('\n');
    }

    private static List<String> addresses(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }

    private static <T> List<T> sorted(Collection<T> values, Comparator<T> order) {
        return values.stream().sorted(order).toList();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
