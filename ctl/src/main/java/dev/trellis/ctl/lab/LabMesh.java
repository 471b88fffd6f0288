package dev.trellis.ctl.lab;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mesh's own processes in the lab: one control plane on the host (local store, local CA) listening on
 * the lab bridge's address, and one node-agent per node inside the node's namespace. Each node-agent proves
 * which node it is with a bootstrap token the lab generates; the control plane knows only the tokens'
 * SHA-256 (docs/reference/configuration.md, TRELLIS_NODE_TOKENS_FILE).
 */
public final class LabMesh {
    public static final String CONTROL_PLANE = "control-plane";
    public static final int GRPC_PORT = 15010;
    public static final int METRICS_PORT = 15020;
    public static final int READINESS_PORT = 15021;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for the lab's long-lived test connections to end on their own during an upgrade. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final LabConfig config;
    private final LabProcesses processes;
    private final Path bin;

    public LabMesh(LabConfig config, LabProcesses processes, Path bin) {
        this.config = config;
        this.processes = processes;
        this.bin = bin;
    }

    /** The store API's bearer token (meshctl apply), written by {@code lab up}, readable by root only. */
    public static Path adminTokenFile(Path stateDir) {
        return stateDir.resolve("admin-token");
    }

    public static String nodeAgentName(int node) {
        return "node-agent/" + LabLayout.nodeName(node);
    }

    /** Where the lab's control plane serves gRPC, as seen from the host and from every node. */
    public static String controlPlaneAddress() {
        return LabLayout.HOST_ADDRESS + ":" + GRPC_PORT;
    }

    public Path storeDir() {
        return config.stateDir().resolve("store");
    }

    public Path caDir() {
        return config.stateDir().resolve("ca");
    }

    /** The PEM roots meshctl and node-agents verify the control plane with (written by the control plane). */
    public Path rootCertificate() {
        return caDir().resolve("root-cert.pem");
    }

    private Path nodeDir(int node) {
        return config.stateDir().resolve(LabLayout.nodeName(node));
    }

    /** The unix socket on which node {@code i}'s trellis-cni hands pods to its node-agent. */
    public Path cniSocket(int node) {
        return nodeDir(node).resolve("cni.sock");
    }

    /** Starts the control plane, unless it runs already, and waits until it is ready. */
    public Optional<LabState.LabProcess> startControlPlane(LabState state, int nodes) {
        LabState.LabProcess running = state.processes().get(CONTROL_PLANE);
        if (running != null && LabProcesses.alive(running.pid())) {
            writeNodeTokens(nodes);
            return Optional.empty();
        }
        writeNodeTokens(nodes);
        try {
            Files.createDirectories(storeDir());
        } catch (IOException e) {
            throw new LabException("cannot create the store directory " + storeDir() + ": " + e.getMessage(), e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TRELLIS_STORE", "local");
        env.put("TRELLIS_STORE_DIR", storeDir().toString());
        env.put("TRELLIS_CA_DIR", caDir().toString());
        env.put("TRELLIS_NODE_TOKENS_FILE", config.stateDir().resolve("node-tokens").toString());
        env.put("TRELLIS_ADMIN_TOKENS_FILE", config.stateDir().resolve("admin-tokens").toString());
        env.put("TRELLIS_WAYPOINT_TOKENS_FILE", config.stateDir().resolve("waypoint-tokens").toString());
        env.put("TRELLIS_GRPC_LISTEN", "0.0.0.0:" + GRPC_PORT);
        env.put("TRELLIS_METRICS_LISTEN", LabLayout.HOST_ADDRESS + ":" + METRICS_PORT);
        env.put("TRELLIS_POD_NAME", "lab-control-plane");
        LabState.LabProcess process = processes.start(CONTROL_PLANE, Optional.empty(),
                List.of(bin.resolve("control-plane").toString()), env);
        awaitReady(process, "http://" + LabLayout.HOST_ADDRESS + ":" + METRICS_PORT + "/healthz/ready");
        return Optional.of(process);
    }

    /** Starts node {@code i}'s node-agent in the node's namespace, unless it runs, and waits until ready. */
    public Optional<LabState.LabProcess> startNodeAgent(LabState state, int node) {
        LabState.LabProcess running = state.processes().get(nodeAgentName(node));
        if (running != null && LabProcesses.alive(running.pid())) {
            return Optional.empty();
        }
        LabState.LabProcess process = processes.start(nodeAgentName(node),
                Optional.of(config.layout().nodeNetns(node)), List.of(bin.resolve("node-agent").toString()),
                nodeAgentEnv(node));
        awaitReady(process, "http://" + LabLayout.nodeAddress(node) + ":" + READINESS_PORT + "/healthz/ready");
        return Optional.of(process);
    }

    /**
     * Starts a new node-agent beside the running one of {@code node} (an upgrade): it opens its listeners next
     * to the old one's in every pod and takes the CNI socket. Returns once its log says it took the node's pods
     * back; its admin ports follow when the old one has exited.
     */
    public LabState.LabProcess startSuccessor(int node) {
        Path log = config.logDir().resolve(nodeAgentName(node).replace('/', '_') + ".log");
        long offset = log.toFile().length();
        LabState.LabProcess process = processes.start(nodeAgentName(node),
                Optional.of(config.layout().nodeNetns(node)), List.of(bin.resolve("node-agent").toString()),
                nodeAgentEnv(node));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String since = LabProcesses.logSince(log, offset);
            if (since.contains("took back ")) {
                return process;
            }
            if (!LabProcesses.alive(process.pid())) {
                throw new LabException("the new node-agent of " + LabLayout.nodeName(node) + " exited: " + since);
            }
            sleep(100);
        }
        processes.stop(process);
        throw new LabException("the new node-agent of " + LabLayout.nodeName(node) + " did not take the pods back"
                + " within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** How long a node-agent of the lab lets its connections drain when stopped (an upgrade waits that long). */
    public static Duration drainTime() {
        return DRAIN;
    }

    private Map<String, String> nodeAgentEnv(int node) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TRELLIS_NODE_NAME", LabLayout.nodeName(node));
        env.put("TRELLIS_CONTROL_PLANE_ADDRESS", controlPlaneAddress());
        env.put("TRELLIS_CONTROL_PLANE_TRUST_BUNDLE", rootCertificate().toString());
        env.put("TRELLIS_TOKEN_PATH", nodeDir(node).resolve("token").toString());
        env.put("TRELLIS_CNI_SOCKET", cniSocket(node).toString());
        env.put("TRELLIS_NETNS_DIR", "/var/run/netns");
        env.put("TRELLIS_DRAIN_SECONDS", Long.toString(DRAIN.toSeconds()));
        env.put("TRELLIS_POD_NAME", "node-agent-" + LabLayout.nodeName(node));
        return env;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }

    /**
     * The token file of the waypoint of Gateway {@code namespace/name}, made on first use, with the control
     * plane's list of waypoint token hashes brought up to date.
     */
    public Path waypointToken(String namespace, String name) {
        Path dir = config.stateDir().resolve("waypoints");
        Path token = dir.resolve(namespace + "." + name + ".token");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(token)) {
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                writePrivate(token, HexFormat.of().formatHex(raw));
            }
            StringBuilder hashes = new StringBuilder();
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".token")).sorted().toList()) {
                    String gateway = f.getFileName().toString().replaceFirst("\\.token$", "").replaceFirst("\\.", "/");
                    hashes.append(gateway).append(' ').append(sha256(Files.readString(f).strip())).append('\n');
                }
            }
            writePrivate(config.stateDir().resolve("waypoint-tokens"), hashes.toString());
            return token;
        } catch (IOException e) {
            throw new LabException("cannot write the waypoint token of " + namespace + "/" + name + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * One random token per node and one for meshctl (files of mode 0600), and the control plane's lists of
     * their hashes.
     */
    private void writeNodeTokens(int nodes) {
        StringBuilder hashes = new StringBuilder();
        try {
            for (int node = 1; node <= nodes; node++) {
                Path token = nodeDir(node).resolve("token");
                Files.createDirectories(token.getParent());
                if (!Files.exists(token)) {
                    byte[] raw = new byte[32];
                    new SecureRandom().nextBytes(raw);
                    writePrivate(token, HexFormat.of().formatHex(raw));
                }
                hashes.append(LabLayout.nodeName(node)).append(' ')
                        .append(sha256(Files.readString(token).strip())).append('\n');
            }
            writePrivate(config.stateDir().resolve("node-tokens"), hashes.toString());
            Path admin = adminTokenFile(config.stateDir());
            if (!Files.exists(admin)) {
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                writePrivate(admin, HexFormat.of().formatHex(raw));
            }
            writePrivate(config.stateDir().resolve("admin-tokens"),
                    "meshctl " + sha256(Files.readString(admin).strip()) + "\n");
        } catch (IOException e) {
            throw new LabException("cannot write the nodes' bootstrap tokens in " + config.stateDir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".tok", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Polls the readiness URL until 200, failing with the log's tail when the process dies or time runs out. */
    private void awaitReady(LabState.LabProcess process, String url) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!LabProcesses.alive(process.pid())) {
                throw new LabException(process.name() + " exited during start-up; its log says:\n" + tail(process));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for " + process.name());
            }
        }
        processes.stop(process);
        throw new LabException(process.name() + " was not ready at " + url + " within " + READY_TIMEOUT.toSeconds()
                + " s; its log says:\n" + tail(process));
    }

    private static String tail(LabState.LabProcess process) {
        try {
            List<String> lines = Files.readAllLines(Path.of(process.log()));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + process.log() + ")";
        }
    }
}
