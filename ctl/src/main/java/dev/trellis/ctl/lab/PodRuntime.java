package dev.trellis.ctl.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a pod in the lab: a network namespace wired by the node's CNI chain, resolver files of its own
 * ({@code ip netns exec} mounts {@code /etc/netns/<netns>/} over {@code /etc}), and its command as a
 * process inside the namespace. There are no images and no mount isolation: pods share the host's files
 * and programs.
 */
public final class PodRuntime {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path NETNS_ETC = Path.of("/etc/netns");

    private final Commands commands;
    private final CniChain cni;
    private final LabProcesses processes;
    private final LabConfig config;
    private final LabLayout layout;

    public PodRuntime(Commands commands, CniChain cni, LabProcesses processes, LabConfig config) {
        this.commands = commands;
        this.cni = cni;
        this.processes = processes;
        this.config = config;
        this.layout = config.layout();
    }

    /** What a pod runs: its first container's command, arguments and environment. */
    /** A pod to run; {@code uid} is the store's (empty: derived from namespace and name). */
    public record PodSpec(String namespace, String name, String uid, int node, List<String> command,
            Map<String, String> env) {
        public PodSpec {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }
    }

    /**
     * Creates the pod's namespace and network; returns the pod record. On failure nothing is left behind.
     * The caller starts the command with {@link #startCommand} once the mesh knows the pod.
     */
    public LabState.LabPod create(PodSpec spec) {
        String netns = layout.podNetns(spec.namespace(), spec.name());
        String uid = spec.uid().isEmpty()
                ? UUID.nameUUIDFromBytes((spec.namespace() + "/" + spec.name()).getBytes()).toString() : spec.uid();
        commands.run("ip", "netns", "add", netns);
        try {
            commands.inNetns(netns, "ip", "link", "set", "lo", "up");
            String result = cni.add(layout.nodeNetns(spec.node()), config.conflist(spec.node()),
                    new CniChain.PodRef(spec.namespace(), spec.name(), uid, netns));
            return new LabState.LabPod(spec.namespace(), spec.name(), uid, spec.node(), netns, ips(result), result);
        } catch (RuntimeException e) {
            commands.runQuietly("ip", "netns", "delete", netns);
            throw e;
        }
    }

    /** Starts the pod's command inside its namespace. */
    public LabState.LabProcess startCommand(LabState.LabPod pod, PodSpec spec) {
        Map<String, String> env = new java.util.HashMap<>(spec.env());
        env.put("POD_NAME", pod.name());
        env.put("POD_NAMESPACE", pod.namespace());
        env.put("POD_IP", pod.ips().isEmpty() ? "" : pod.ips().getFirst());
        env.put("NODE_NAME", LabLayout.nodeName(pod.node()));
        // The project's programs (meshctl for the sample apps) come first on the pod's PATH.
        env.putIfAbsent("PATH", config.programs().toAbsolutePath() + ":" + System.getenv().getOrDefault("PATH",
                "/usr/sbin:/usr/bin:/sbin:/bin"));
        return processes.start(pod.processName(), Optional.of(pod.netns()), spec.command(), env);
    }

    /** Writes the pod's {@code hosts} and {@code resolv.conf} (search domains of its own namespace). */
    public void writeResolverFiles(LabState.LabPod pod, List<String> hostsLines) {
        Path dir = NETNS_ETC.resolve(pod.netns());
        try {
            Files.createDirectories(dir);
            List<String> hosts = new ArrayList<>(List.of("127.0.0.1 localhost", "::1 localhost"));
            // Pods share the host's UTS namespace, so their host name is the machine's: resolve it to the pod
            // itself, as a pod's own name resolves in Kubernetes (programs look their host name up at start).
            String machine = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            pod.ips().forEach(ip -> hosts.add(ip + " " + pod.name() + " " + machine));
            hosts.addAll(hostsLines);
            Files.write(dir.resolve("hosts"), hosts);
            Files.writeString(dir.resolve("resolv.conf"), "search " + pod.namespace() + ".svc.cluster.local"
                    + " svc.cluster.local cluster.local\noptions ndots:5\n");
        } catch (IOException e) {
            throw new LabException("cannot write resolver files for pod " + pod.key() + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stops the pod's process (if any), runs CNI DEL, removes the namespace and its files. */
    public void delete(LabState.LabPod pod, Optional<LabState.LabProcess> process) {
        process.ifPresent(processes::stop);
        cni.delete(layout.nodeNetns(pod.node()), config.conflist(pod.node()),
                new CniChain.PodRef(pod.namespace(), pod.name(), pod.uid(), pod.netns()), pod.cniResult());
        commands.runQuietly("ip", "netns", "delete", pod.netns());
        deleteTree(NETNS_ETC.resolve(pod.netns()));
    }

    /** Removes every lab pod's resolver directory (for {@code lab down} after a crash). */
    public void deleteAllResolverFiles() {
        if (!Files.isDirectory(NETNS_ETC)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(NETNS_ETC)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(layout.prefix() + "-"))
                    .forEach(PodRuntime::deleteTree);
        } catch (IOException e) {
            throw new LabException("cannot list " + NETNS_ETC + ": " + e.getMessage(), e);
        }
    }

    private static List<String> ips(String cniResult) {
        List<String> ips = new ArrayList<>();
        JsonNode result = JSON.readTree(cniResult);
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asString();
            ips.add(address.substring(0, address.indexOf('/')));
        }
        if (ips.isEmpty()) {
            throw new LabException("CNI result has no IP addresses: " + cniResult);
        }
        return ips;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LabException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
