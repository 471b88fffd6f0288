package dev.trellis.ctl.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the lab has made, kept in {@code <dir>/state.json} so that every {@code meshctl} call (a new process)
 * sees it. Written atomically (temporary file, then rename). Only the meshctl process that holds the lab
 * lock writes it.
 *
 * @param nodes how many nodes are up (0 when the lab is down)
 * @param processes the lab's background processes by name (control plane, node-agents, pods' commands)
 * @param pods the pods by {@code namespace/name}
 */
public record LabState(int nodes, Map<String, LabProcess> processes, Map<String, LabPod> pods) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final LabState EMPTY = new LabState(0, Map.of(), Map.of());

    public LabState {
        processes = Map.copyOf(processes);
        pods = Map.copyOf(pods);
    }

    public static LabState load(Path dir) {
        Path file = dir.resolve("state.json");
        if (!Files.exists(file)) {
            return EMPTY;
        }
        try {
            return JSON.readValue(file.toFile(), LabState.class);
        } catch (RuntimeException e) {
            throw new LabException("lab state " + file + " is unreadable (" + e.getMessage()
                    + "); run 'meshctl lab down' to clean up by name and start afresh", e);
        }
    }

    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "state", ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LabException("cannot write lab state in " + dir + ": " + e.getMessage(), e);
        }
    }

    public LabState withNodes(int count) {
        return new LabState(count, processes, pods);
    }

    public LabState withProcess(LabProcess process) {
        Map<String, LabProcess> copy = new TreeMap<>(processes);
        copy.put(process.name(), process);
        return new LabState(nodes, copy, pods);
    }

    public LabState withoutProcess(String name) {
        Map<String, LabProcess> copy = new TreeMap<>(processes);
        copy.remove(name);
        return new LabState(nodes, copy, pods);
    }

    public LabState withPod(LabPod pod) {
        Map<String, LabPod> copy = new TreeMap<>(pods);
        copy.put(pod.key(), pod);
        return new LabState(nodes, processes, copy);
    }

    public LabState withoutPod(String key) {
        Map<String, LabPod> copy = new TreeMap<>(pods);
        copy.remove(key);
        return new LabState(nodes, processes, copy);
    }

    /** A background process the lab started: its pid, where it runs, and its log file. */
    public record LabProcess(String name, long pid, String netns, String log, List<String> command) {
        public LabProcess {
            command = List.copyOf(command);
        }
    }

    /**
     * A pod: its network namespace, node, addresses, the CNI ADD result (DEL needs it) and the name of its
     * process in {@link LabState#processes()}.
     */
    public record LabPod(String namespace, String name, String uid, int node, String netns, List<String> ips,
            String cniResult) {
        public LabPod {
            ips = List.copyOf(ips);
        }

        public String key() {
            return namespace + "/" + name;
        }

        public String processName() {
            return "pod/" + key();
        }
    }
}
