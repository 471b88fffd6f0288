package dev.trellis.waypoint;

import dev.trellis.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The waypoint's configuration, read once at start from flags and {@code TRELLIS_*} environment variables (a
 * flag wins over its variable, which wins over the default). The only class of the waypoint that reads the
 * environment. Each setting has a flag {@code --name value} (or {@code --name=value}) and a variable
 * {@code TRELLIS_NAME}: see {@link #FLAGS}.
 *
 * @param hbonePort where tunnels are accepted (15008)
 * @param upstreamHbonePort the HBONE port of backend endpoints (15008)
 * @param adminPort the admin API, on 127.0.0.1 only (15000)
 * @param metricsPort Prometheus {@code /metrics} (15020)
 * @param readinessPort {@code /healthz/ready} (15021)
 * @param certChain PEM file with the waypoint's certificate chain, leaf first; absent when the waypoint gets
 *     its certificate from the control plane's CA (see {@link WaypointMesh})
 * @param key PEM file with the waypoint's private key (with {@code certChain})
 * @param trustBundle PEM file with the mesh's roots (with {@code certChain}); else discovery brings them
 * @param rootNamespace the namespace whose authorization policies apply mesh-wide
 * @param detectionTimeout how long a silent client may take before its connection is relayed as TCP
 */
public record WaypointConfig(int hbonePort, int upstreamHbonePort, int adminPort, int metricsPort, int readinessPort,
        Optional<Path> certChain, Optional<Path> key, Optional<Path> trustBundle, String rootNamespace,
        Duration detectionTimeout) {

    public static final String ENV_PREFIX = "TRELLIS_";
    public static final Map<String, String> FLAGS = flags();

    public WaypointConfig {
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(trustBundle, "trustBundle");
        Objects.requireNonNull(rootNamespace, "rootNamespace");
        Objects.requireNonNull(detectionTimeout, "detectionTimeout");
    }

    public static WaypointConfig fromProcess(String[] args) {
        return parse(List.of(args), System.getenv());
    }

    /** Reads {@code args} and {@code env}; throws {@link ConfigException} naming flag, value and expectation. */
    public static WaypointConfig parse(List<String> args, Map<String, String> env) {
        Map<String, String> v;
        try {
            v = new LinkedHashMap<>(Settings.read(FLAGS, args, env).values());
        } catch (dev.trellis.core.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        boolean[] given = {v.get("cert-chain") != null && !v.get("cert-chain").isBlank(),
            v.get("key") != null && !v.get("key").isBlank(), v.get("trust-bundle") != null && !v.get("trust-bundle").isBlank()};
        if ((given[0] || given[1] || given[2]) && !(given[0] && given[1] && given[2])) {
            throw new ConfigException("--cert-chain, --key and --trust-bundle go together (all three, or none to get the "
                    + "certificate from the control plane)");
        }
        return new WaypointConfig(port(v, "hbone-port"), port(v, "upstream-hbone-port"), port(v, "admin-port"),
                port(v, "metrics-port"), port(v, "readiness-port"), file(v, "cert-chain"), file(v, "key"),
                file(v, "trust-bundle"), v.get("root-namespace"),
                Duration.ofMillis(port(v, "detection-timeout-ms")));
    }

    public static String envName(String flag) {
        return ENV_PREFIX + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("hbone-port", "15008");
        f.put("upstream-hbone-port", "15008");
        f.put("admin-port", "15000");
        f.put("metrics-port", "15020");
        f.put("readiness-port", "15021");
        f.put("cert-chain", null);
        f.put("key", null);
        f.put("trust-bundle", null);
        f.put("root-namespace", "trellis-system");
        f.put("detection-timeout-ms", "1000");
        return Collections.unmodifiableMap(f);
    }

    private static int port(Map<String, String> v, String flag) {
        try {
            int p = Integer.parseInt(v.get(flag));
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(flag, v.get(flag), "a whole number 1-65535");
    }

    private static Optional<Path> file(Map<String, String> v, String flag) {
        String value = v.get(flag);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** Whether the identity comes from files (all three given) rather than from the control plane. */
    public boolean identityFromFiles() {
        return certChain.isPresent();
    }

    /** A flag or variable with a value the waypoint cannot use. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigException(String flag, String value, String expected) {
            this("--" + flag + " (" + envName(flag) + "): '" + value + "' (expected: " + expected + ")");
        }

        ConfigException(String message) {
            super(message);
        }
    }
}
