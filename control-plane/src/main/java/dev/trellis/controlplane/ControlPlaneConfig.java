package dev.trellis.controlplane;

import dev.trellis.core.config.ConfigException;
import dev.trellis.core.config.Settings;
import dev.trellis.core.identity.SpiffeId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane's configuration, read once at start (docs/reference/configuration.md lists every
 * setting). The only class of the control plane that reads flags and the environment.
 *
 * @param store where cluster state comes from
 * @param storeDir the local store's directory of YAML files
 * @param grpcListen discovery, certificates and the store API
 * @param metricsListen {@code /metrics} and {@code /healthz/*}
 * @param caDir the local CA's directory (root key and certificate)
 * @param certTtl lifetime of the workload certificates it signs
 * @param nodeTokensFile local mode: lines {@code <node> <sha256 hex of its token>}
 * @param adminTokensFile local mode: tokens allowed to call the store API
 * @param waypointTokensFile local mode: lines {@code <namespace>/<gateway> <sha256 hex>}, one per waypoint
 * @param serviceVipRange where services without a cluster IP get their VIP (local mode)
 * @param unknownVariables {@code TRELLIS_*} variables no setting reads (warned about at start)
 */
public record ControlPlaneConfig(
        Store store,
        Path storeDir,
        InetSocketAddress grpcListen,
        InetSocketAddress metricsListen,
        Path caDir,
        Duration certTtl,
        Path nodeTokensFile,
        Path adminTokensFile,
        Path waypointTokensFile,
        String trustDomain,
        String podNamespace,
        String serviceVipRange,
        List<String> unknownVariables) {

    /** Where cluster state comes from. */
    public enum Store {
        KUBERNETES,
        LOCAL
    }

    static final Map<String, String> FLAGS = flags();

    /** The same configuration listening for gRPC on another port of the same address (tests use 0). */
    public ControlPlaneConfig withGrpcPort(int port) {
        return new ControlPlaneConfig(store, storeDir, new InetSocketAddress(grpcListen.getHostString(), port),
                metricsListen, caDir, certTtl, nodeTokensFile, adminTokensFile, waypointTokensFile, trustDomain,
                podNamespace,
                serviceVipRange, unknownVariables);
    }

    public static ControlPlaneConfig fromProcess(String[] args) {
        return parse(List.of(args), System.getenv());
    }

    /** Reads flags and variables; fails with {@link ConfigException} naming the setting and value. */
    public static ControlPlaneConfig parse(List<String> args, Map<String, String> env) {
        Settings s = Settings.read(FLAGS, args, env);
        String trustDomain = s.string("trust-domain", "the SPIFFE trust domain");
        try {
            new SpiffeId(trustDomain, "ns", "sa");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--trust-domain (TRELLIS_TRUST_DOMAIN): '" + trustDomain
                    + "' (expected: a SPIFFE trust domain; " + e.getMessage() + ")");
        }
        Store store = Store.valueOf(s.choice("store", List.of("kubernetes", "local")).toUpperCase(java.util.Locale.ROOT));
        return new ControlPlaneConfig(store, s.path("store-dir"), s.hostPort("grpc-listen"),
                s.hostPort("metrics-listen"), s.path("ca-dir"), s.duration("cert-ttl"), s.path("node-tokens-file"), s.path("admin-tokens-file"),
                s.path("waypoint-tokens-file"),
                trustDomain, s.string("pod-namespace", "the control plane's namespace"),
                s.string("service-vip-range", "a CIDR"), s.unknownVariables());
    }

    private static Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("store", "kubernetes");
        f.put("store-dir", "/etc/trellis/store");
        f.put("grpc-listen", "0.0.0.0:15010");
        f.put("metrics-listen", "0.0.0.0:15020");
        f.put("ca-dir", "/var/lib/trellis-control-plane/ca");
        f.put("cert-ttl", "24h");
        f.put("node-tokens-file", "/etc/trellis/node-tokens");
        f.put("admin-tokens-file", "/etc/trellis/admin-tokens");
        f.put("waypoint-tokens-file", "/etc/trellis/waypoint-tokens");
        f.put("trust-domain", SpiffeId.DEFAULT_TRUST_DOMAIN);
        f.put("pod-namespace", "trellis-system");
        f.put("pod-name", "");
        f.put("log-level", "info");
        f.put("service-vip-range", "198.19.0.0/16");
        f.put("ca-secret", "trellis-ca");
        f.put("trust-bundle-configmap", "trellis-ca-root");
        f.put("leader-election-lease", "trellis-control-plane-leader");
        f.put("token-audience", "trellis");
        f.put("node-agent-service-account", "trellis-system/trellis-node-agent");
        return Collections.unmodifiableMap(f);
    }
}
