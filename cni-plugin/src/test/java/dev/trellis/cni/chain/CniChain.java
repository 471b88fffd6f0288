package dev.trellis.cni.chain;

import dev.trellis.cni.spec.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a conflist the way a container runtime (libcni) does: each plugin executed from CNI_PATH with CNI_* in the
 * environment and its configuration (plus cniVersion, name and prevResult) on stdin; ADD in order feeding each
 * result to the next, DEL in reverse with the cached ADD result. Plugins run inside the "node" namespace.
 */
final class CniChain {
    private final Map<String, Object> conflist;
    private final String cniPath;
    private final TestNetns node;

    CniChain(Path conflistFile, String cniPath, TestNetns node) throws IOException {
        this.conflist = Json.parseObject(Files.readString(conflistFile));
        this.cniPath = cniPath;
        this.node = node;
    }

    Exec.Result add(String containerId, Path netns, String args) throws IOException {
        Object prevResult = null;
        Exec.Result last = null;
        for (Map<String, Object> plugin : plugins()) {
            last = invoke(plugin, "ADD", containerId, netns, args, prevResult);
            if (last.exitCode() != 0) {
                return last;
            }
            prevResult = Json.parse(last.stdout());
        }
        return last;
    }

    Exec.Result del(String containerId, Path netns, String args, String addResult) throws IOException {
        List<Map<String, Object>> reversed = new ArrayList<>(plugins()).reversed();
        Exec.Result last = null;
        for (Map<String, Object> plugin : reversed) {
            last = invoke(plugin, "DEL", containerId, netns, args, addResult == null ? null : Json.parse(addResult));
            if (last.exitCode() != 0) {
                return last;
            }
        }
        return last;
    }

    Exec.Result check(String containerId, Path netns, String args, String addResult) throws IOException {
        Exec.Result last = null;
        for (Map<String, Object> plugin : plugins()) {
            last = invoke(plugin, "CHECK", containerId, netns, args, Json.parse(addResult));
            if (last.exitCode() != 0) {
                return last;
            }
        }
        return last;
    }

    /** Executes one plugin binary with a raw stdin, for requests no runtime would build. */
    Exec.Result raw(String type, Map<String, String> cniEnv, String stdin) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(cniEnv);
        env.put("CNI_PATH", cniPath);
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return Exec.run(List.of("nsenter", "--net=" + node.path(), binary(type).toString()), env, stdin);
    }

    Map<String, Object> trellisEntry() {
        return plugins().getLast();
    }

    private Exec.Result invoke(Map<String, Object> plugin, String command, String containerId, Path netns,
                               String args, Object prevResult) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cniVersion", conflist.get("cniVersion"));
        config.put("name", conflist.get("name"));
        config.putAll(plugin);
        if (prevResult != null) {
            config.put("prevResult", prevResult);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns.toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_ARGS", args);
        return raw((String) plugin.get("type"), env, Json.write(config));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> plugins() {
        return (List<Map<String, Object>>) conflist.get("plugins");
    }

    private Path binary(String type) throws IOException {
        for (String dir : cniPath.split(":")) {
            Path candidate = Path.of(dir, type);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException("plugin " + type + " not found in CNI_PATH " + cniPath);
    }
}
