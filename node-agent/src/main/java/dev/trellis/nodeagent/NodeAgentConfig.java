package dev.trellis.nodeagent;

import dev.trellis.core.config.Settings;
import dev.trellis.core.identity.SpiffeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The node-agent's configuration, read once at start from flags and {@code TRELLIS_*} environment
 * variables (a flag wins over its variable, which wins over the default). This is the only class of the
 * node-agent that reads the environment.
 *
 * <p>Each setting has a flag {@code --name value} (or {@code --name=value}) and a variable
 * {@code TRELLIS_NAME} (upper case, dashes as underscores): see {@link #FLAGS}.
 *
 * @param nodeName the Kubernetes node this agent serves (required)
 * @param controlPlane where discovery and certificates are served, host and port (unresolved)
 * @param trustDomain the SPIFFE trust domain of the mesh
 * @param rootNamespace the namespace whose authorization policies apply mesh-wide
 * @param cniSocket the unix socket the CNI plugin hands pods over on
 * @param drain how long to drain on shutdown before connections are forced closed
 * @param ports every port the agent listens on
 * @param controlPlaneTrustBundle PEM roots to verify the control plane's certificate with
 * @param tokenPath the bearer token presented to the control plane (re-read on every reconnect)
 * @param netnsDir where pods' network namespaces are pinned (scanned at start for pods to re-capture)
 * @param dnsUpstream where the DNS proxy forwards queries for names that are not mesh services
 * @param hostProc the host's {@code /proc}, searched for pods' namespaces as {@code PID/ns/net} (a DaemonSet
 *                 without the host's PID namespace mounts it elsewhere)
 */
public record NodeAgentConfig(
        String nodeName,
        InetSocketAddress controlPlane,
        String trustDomain,
        String rootNamespace,
        Path cniSocket,
        Duration drain,
        Ports ports,
        Path controlPlaneTrustBundle,
        Path tokenPath,
        Path netnsDir,
        InetSocketAddress dnsUpstream,
        Path hostProc) {

    public static final String DEFAULT_CONTROL_PLANE = "trellis-control-plane.trellis-system.svc:15010";
    public static final String DEFAULT_ROOT_NAMESPACE = "trellis-system";
    public static final String DEFAULT_CNI_SOCKET = "/var/run/trellis/cni.sock";
    public static final int DEFAULT_DRAIN_SECONDS = 30;
    public static final String ENV_PREFIX = "TRELLIS_";

    /** Every flag with its default ({@code null}: required). */
    public static final Map<String, String> FLAGS = flags();

    public NodeAgentConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(controlPlane, "controlPlane");
        Objects.requireNonNull(trustDomain, "trustDomain");
        Objects.requireNonNull(rootNamespace, "rootNamespace");
        Objects.requireNonNull(cniSocket, "cniSocket");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(controlPlaneTrustBundle, "controlPlaneTrustBundle");
        Objects.requireNonNull(tokenPath, "tokenPath");
        Objects.requireNonNull(netnsDir, "netnsDir");
        Objects.requireNonNull(dnsUpstream, "dnsUpstream");
        Objects.requireNonNull(hostProc, "hostProc");
    }

    /** The configuration with other ports (tests run agents side by side). */
    public NodeAgentConfig withPorts(Ports other) {
        return new NodeAgentConfig(nodeName, controlPlane, trustDomain, rootNamespace, cniSocket, drain, other,
                controlPlaneTrustBundle, tokenPath, netnsDir, dnsUpstream, hostProc);
    }

    /** Reads the process's flags and environment. */
    public static NodeAgentConfig fromProcess(String[] args) {
        return parse(List.of(args), System.getenv());
    }

    /**
     * Reads {@code args} and {@code env}.
     *
     * @throws ConfigException naming the flag, the value and what was expected
     */
    public static NodeAgentConfig parse(List<String> args, Map<String, String> env) {
        Map<String, String> values;
        try {
            values = Settings.read(FLAGS, args, env).values();
        } catch (dev.trellis.core.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        return fromValues(values);
    }

    /** The environment variable for {@code flag}: {@code node-name} → {@code TRELLIS_NODE_NAME}. */
    public static String envName(String flag) {
        return ENV_PREFIX + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static NodeAgentConfig fromValues(Map<String, String> v) {
        String nodeName = v.get("node-name");
        if (nodeName == null || nodeName.isBlank()) {
            throw new ConfigException("node-name", "", "the Kubernetes node name (set --node-name or "
                    + envName("node-name") + ", e.g. from the downward API's spec.nodeName)");
        }
        String trustDomain = v.get("trust-domain");
        try {
            new SpiffeId(trustDomain, "ns", "sa");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("trust-domain", trustDomain, "a SPIFFE trust domain (" + e.getMessage() + ")");
        }
        Ports ports = new Ports(port(v, "outbound-port"), port(v, "inbound-plaintext-port"), port(v, "hbone-port"),
                port(v, "admin-port"), port(v, "metrics-port"), port(v, "readiness-port"));
        return new NodeAgentConfig(nodeName, hostPort(v.get("control-plane-address"), "control-plane-address"),
                trustDomain, name(v, "root-namespace"), Path.of(v.get("cni-socket")),
                Duration.ofSeconds(nonNegative(v, "drain-seconds")), ports,
                Path.of(v.get("control-plane-trust-bundle")), Path.of(v.get("token-path")), Path.of(v.get("netns-dir")),
                resolvedHostPort(v.get("dns-upstream"), "dns-upstream"), Path.of(v.get("host-proc")));
    }

    private static int port(Map<String, String> v, String flag) {
        int port = integer(v, flag);
        if (port < 1 || port > 65535) {
            throw new ConfigException(flag, v.get(flag), "a port number 1-65535");
        }
        return port;
    }

    private static int nonNegative(Map<String, String> v, String flag) {
        int value = integer(v, flag);
        if (value < 0) {
            throw new ConfigException(flag, v.get(flag), "a whole number of seconds >= 0");
        }
        return value;
    }

    private static int integer(Map<String, String> v, String flag) {
        try {
            return Integer.parseInt(v.get(flag));
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, v.get(flag), "a whole number");
        }
    }

    private static String name(Map<String, String> v, String flag) {
        String value = v.get(flag);
        if (!value.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new ConfigException(flag, value, "a Kubernetes namespace name");
        }
        return value;
    }

    private static InetSocketAddress resolvedHostPort(String value, String flag) {
        InetSocketAddress a = hostPort(value, flag);
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(a.getHostString()), a.getPort());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(flag, value, "an IP address and port, e.g. 198.18.0.1:53");
        }
    }

    private static InetSocketAddress hostPort(String value, String flag) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException e) {
            throw new ConfigException(flag, value, "host:port, e.g. " + DEFAULT_CONTROL_PLANE);
        }
    }

    private static Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("node-name", null);
        f.put("control-plane-address", DEFAULT_CONTROL_PLANE);
        f.put("control-plane-trust-bundle", "/etc/trellis/ca/root-cert.pem");
        f.put("token-path", "/var/run/secrets/trellis/token");
        f.put("netns-dir", "/var/run/netns");
        f.put("dns-upstream", "127.0.0.53:53");
        f.put("host-proc", "/proc");
        f.put("trust-domain", SpiffeId.DEFAULT_TRUST_DOMAIN);
        f.put("root-namespace", DEFAULT_ROOT_NAMESPACE);
        f.put("cni-socket", DEFAULT_CNI_SOCKET);
        f.put("drain-seconds", Integer.toString(DEFAULT_DRAIN_SECONDS));
        f.put("outbound-port", Integer.toString(Ports.OUTBOUND));
        f.put("inbound-plaintext-port", Integer.toString(Ports.INBOUND_PLAINTEXT));
        f.put("hbone-port", Integer.toString(Ports.HBONE));
        f.put("admin-port", Integer.toString(Ports.ADMIN));
        f.put("metrics-port", Integer.toString(Ports.METRICS));
        f.put("readiness-port", Integer.toString(Ports.READINESS));
        return Collections.unmodifiableMap(f);
    }

    /**
     * The agent's ports. The first three are opened inside each captured pod's network namespace; admin
     * listens on 127.0.0.1 only; metrics and readiness on the node.
     */
    public record Ports(int outbound, int inboundPlaintext, int hbone, int admin, int metrics, int readiness) {
        public static final int OUTBOUND = 15001;
        public static final int INBOUND_PLAINTEXT = 15006;
        public static final int HBONE = 15008;
        public static final int ADMIN = 15000;
        public static final int METRICS = 15020;
        public static final int READINESS = 15021;
        /** The DNS proxy inside each pod (the pod's DNS is redirected to it); not configurable. */
        public static final int DNS = 15053;

        /** The design's ports. */
        public static final Ports DEFAULT = new Ports(OUTBOUND, INBOUND_PLAINTEXT, HBONE, ADMIN, METRICS, READINESS);

        public Ports {
            List<Integer> all = List.of(outbound, inboundPlaintext, hbone, admin, metrics, readiness);
            if (Set.copyOf(all).size() != all.size()) {
                throw new IllegalArgumentException("ports: " + all + " (expected: six different ports)");
            }
        }

        /**
         * The ports the agent listens on inside a pod: a connection whose final target is one of them on a
         * mesh pod is refused, so traffic can never loop through the agent.
         */
        public Set<Integer> inPod() {
            return Set.of(outbound, inboundPlaintext, hbone);
        }
    }

    /** A flag or variable with a value the agent cannot use. */
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
