package dev.trellis.ctl.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a CNI network configuration list the way a container runtime does (CNI specification 1.0): each
 * plugin in order for ADD, with the previous plugin's result as {@code prevResult}; in reverse order for
 * DEL, each given the cached ADD result. Plugins run inside the node's network namespace, since that is
 * where a runtime on that node would run them.
 */
public final class CniChain {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The plugin whose latency the lab records: ours, on the pod start-up path. */
    private static final String TIMED_PLUGIN = "trellis-cni";

    private final Commands commands;
    private final List<Path> pluginDirs;
    private final Optional<Path> timingLog;

    public CniChain(Commands commands, List<Path> pluginDirs) {
        this(commands, pluginDirs, Optional.empty());
    }

    /**
     * @param timingLog where each {@code trellis-cni} invocation appends one line, {@code COMMAND NS/POD
     *                  MICROSECONDS}, as the runtime saw it (process start to exit): what bench/cni.sh reads
     */
    public CniChain(Commands commands, List<Path> pluginDirs, Optional<Path> timingLog) {
        this.commands = commands;
        this.pluginDirs = List.copyOf(pluginDirs);
        this.timingLog = timingLog;
    }

    /** Where the runtime looks for plugins, as CNI_PATH. */
    public String cniPath() {
        return String.join(":", pluginDirs.stream().map(Path::toString).toList());
    }

    /**
     * Adds the pod to the network; returns the final result (the JSON the last plugin printed). If a plugin
     * fails, the plugins before it are deleted again, as a runtime would, and the failure is thrown.
     */
    public String add(String nodeNetns, String conflist, PodRef pod) {
        ObjectNode list = (ObjectNode) JSON.readTree(conflist);
        List<JsonNode> plugins = new ArrayList<>();
        list.get("plugins").forEach(plugins::add);
        JsonNode prev = null;
        for (int i = 0; i < plugins.size(); i++) {
            try {
                prev = JSON.readTree(invoke(nodeNetns, "ADD", list, plugins.get(i), prev, pod));
            } catch (LabException e) {
                deletePlugins(nodeNetns, list, plugins.subList(0, i), prev, pod);
                throw new LabException("CNI ADD for pod " + pod.name() + " failed in plugin '"
                        + plugins.get(i).get("type").asString() + "': " + e.getMessage(), e);
            }
        }
        return JSON.writeValueAsString(prev);
    }

    /** Deletes the pod from the network; best effort for every plugin, as DEL must not leave leftovers. */
    public void delete(String nodeNetns, String conflist, PodRef pod, String addResult) {
        ObjectNode list = (ObjectNode) JSON.readTree(conflist);
        List<JsonNode> plugins = new ArrayList<>();
        list.get("plugins").forEach(plugins::add);
        deletePlugins(nodeNetns, list, plugins, addResult == null ? null : JSON.readTree(addResult), pod);
    }

    private void deletePlugins(String nodeNetns, ObjectNode list, List<JsonNode> plugins, JsonNode prev,
            PodRef pod) {
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                invoke(nodeNetns, "DEL", list, plugins.get(i), prev, pod);
            } catch (LabException e) {
                System.err.println("warning: " + e.getMessage());
            }
        }
    }

    private String invoke(String nodeNetns, String command, ObjectNode list, JsonNode plugin, JsonNode prev,
            PodRef pod) {
        ObjectNode config = ((ObjectNode) plugin).deepCopy();
        config.put("cniVersion", list.get("cniVersion").asString());
        config.put("name", list.get("name").asString());
        if (prev != null) {
            config.set("prevResult", prev);
        }
        String type = plugin.get("type").asString();
        Path binary = locate(type);
        Map<String, String> env = Map.of(
                "CNI_COMMAND", command,
                "CNI_CONTAINERID", pod.containerId(),
                "CNI_NETNS", "/var/run/netns/" + pod.netns(),
                "CNI_IFNAME", "eth0",
                "CNI_PATH", cniPath(),
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + pod.namespace() + ";K8S_POD_NAME=" + pod.name()
                        + ";K8S_POD_UID=" + pod.containerId());
        long started = System.nanoTime();
        String stdout = commands.run(env, JSON.writeValueAsString(config),
                List.of("ip", "netns", "exec", nodeNetns, binary.toString())).stdout();
        if (type.equals(TIMED_PLUGIN)) {
            recordTiming(command, pod, System.nanoTime() - started);
        }
        return stdout;
    }

    /** Appends one short line; O_APPEND keeps lines from concurrent meshctl calls whole. */
    private void recordTiming(String command, PodRef pod, long nanos) {
        timingLog.ifPresent(log -> {
            try {
                Files.writeString(log, command + " " + pod.namespace() + "/" + pod.name() + " " + nanos / 1000 + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("warning: cannot record CNI timing in " + log + ": " + e.getMessage());
            }
        });
    }

    private Path locate(String type) {
        for (Path dir : pluginDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new LabException("CNI plugin '" + type + "' not found in " + cniPath()
                + " (Debian's containernetworking-plugins provides bridge and host-local; make build provides trellis-cni)");
    }

    /** The pod facts a CNI invocation carries. */
    public record PodRef(String namespace, String name, String containerId, String netns) {
    }
}
