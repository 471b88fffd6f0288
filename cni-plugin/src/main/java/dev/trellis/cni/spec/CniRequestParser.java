package dev.trellis.cni.spec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the runtime's environment and stdin into a {@link CniRequest}, or a {@link CniException} with the
 * specification's code. The only place CNI JSON and CNI_* variables are read.
 */
public final class CniRequestParser {
    public static final String COMMAND_ENV = "CNI_COMMAND";
    public static final String CONTAINER_ID_ENV = "CNI_CONTAINERID";
    public static final String NETNS_ENV = "CNI_NETNS";
    public static final String IFNAME_ENV = "CNI_IFNAME";
    public static final String ARGS_ENV = "CNI_ARGS";
    public static final String PATH_ENV = "CNI_PATH";

    private CniRequestParser() {
    }

    /** The environment variables a request carries to the node-agent; everything else stays behind. */
    public static List<String> forwardedVariables() {
        return List.of(COMMAND_ENV, CONTAINER_ID_ENV, NETNS_ENV, IFNAME_ENV, ARGS_ENV, PATH_ENV);
    }

    /** The command alone, for the launcher's VERSION fast path. */
    public static CniCommand command(Map<String, String> env) throws CniException {
        String value = env.get(COMMAND_ENV);
        return CniCommand.fromEnvironment(value).orElseThrow(() -> new CniException(
                CniErrorCode.INVALID_ENVIRONMENT,
                COMMAND_ENV + ": " + (value == null ? "absent" : "'" + value + "'")
                        + " (expected: one of ADD, DEL, CHECK, VERSION, STATUS, GC)"));
    }

    /** The request's cniVersion if stdin can be read that far, else the newest we speak; for error replies. */
    public static String versionForReply(String stdin) {
        try {
            Object version = Json.parseObject(stdin).get("cniVersion");
            return version instanceof String s && CniVersions.isSupported(s) ? s : CniVersions.NEWEST;
        } catch (JsonException e) {
            return CniVersions.NEWEST;
        }
    }

    public static CniRequest parse(Map<String, String> env, String stdin) throws CniException {
        CniCommand command = command(env);
        NetworkConfig config = parseConfig(command, stdin);
        String containerId = env.getOrDefault(CONTAINER_ID_ENV, "");
        String netns = env.getOrDefault(NETNS_ENV, "");
        String ifname = env.getOrDefault(IFNAME_ENV, "");
        if (command.isPodOperation()) {
            require(CONTAINER_ID_ENV, containerId);
            require(IFNAME_ENV, ifname);
            if (command != CniCommand.DEL) {
                require(NETNS_ENV, netns);
            }
        }
        return new CniRequest(command, containerId, netns, ifname, parseArgs(env.getOrDefault(ARGS_ENV, "")),
                config, command == CniCommand.GC ? attachments(stdin) : List.of());
    }

    static NetworkConfig parseConfig(CniCommand command, String stdin) throws CniException {
        Map<String, Object> json = decode(stdin);
        String version = string(json, "cniVersion");
        if (!CniVersions.isSupported(version)) {
            throw new CniException(CniErrorCode.INCOMPATIBLE_VERSION, "cniVersion: '" + version
                    + "' (expected: one of " + CniVersions.SUPPORTED + ")");
        }
        String name = string(json, "name");
        Path socket = socket(json);
        boolean failOpen = failOpen(json);
        Optional<Map<String, Object>> prevResult = prevResult(json);
        if (command == CniCommand.ADD && prevResult.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "prevResult: absent (expected: a result"
                    + " from an earlier plugin; trellis-cni is chained after the primary network plugin)");
        }
        return new NetworkConfig(version, name, socket, failOpen, prevResult, excludeNamespaces(json));
    }

    private static List<String> excludeNamespaces(Map<String, Object> json) throws CniException {
        Object value = json.getOrDefault(NetworkConfig.EXCLUDE_NAMESPACES_KEY, List.of());
        List<String> names = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String name) {
                    names.add(name);
                }
            }
            if (names.size() == list.size()) {
                return names;
            }
        }
        throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, NetworkConfig.EXCLUDE_NAMESPACES_KEY + ": "
                + Json.kind(value) + " (expected: an array of namespace names)");
    }

    private static Map<String, Object> decode(String stdin) throws CniException {
        try {
            return Json.parseObject(stdin);
        } catch (JsonException e) {
            throw new CniException(CniErrorCode.DECODE_FAILURE, "network configuration on stdin is not a JSON object",
                    e.getMessage());
        }
    }

    private static String string(Map<String, Object> json, String key) throws CniException {
        Object value = json.get(key);
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                key + ": " + Json.kind(value) + " (expected: a non-empty string)");
    }

    private static Path socket(Map<String, Object> json) throws CniException {
        if (!json.containsKey(NetworkConfig.AGENT_SOCKET_KEY)) {
            return NetworkConfig.DEFAULT_AGENT_SOCKET;
        }
        String value = string(json, NetworkConfig.AGENT_SOCKET_KEY);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                    NetworkConfig.AGENT_SOCKET_KEY + ": '" + value + "' (expected: a unix socket path)");
        }
    }

    private static boolean failOpen(Map<String, Object> json) throws CniException {
        Object value = json.getOrDefault(NetworkConfig.FAIL_OPEN_KEY, Boolean.FALSE);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                NetworkConfig.FAIL_OPEN_KEY + ": " + Json.kind(value) + " (expected: true or false)");
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> prevResult(Map<String, Object> json) throws CniException {
        Object value = json.get("prevResult");
        if (value == null || value == Json.NULL) {
            return Optional.empty();
        }
        if (value instanceof Map) {
            return Optional.of((Map<String, Object>) value);
        }
        throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG,
                "prevResult: " + Json.kind(value) + " (expected: an object)");
    }

    private static void require(String variable, String value) throws CniException {
        if (value.isEmpty()) {
            throw new CniException(CniErrorCode.INVALID_ENVIRONMENT, variable + ": absent (expected: set by the runtime)");
        }
    }

    static Map<String, String> parseArgs(String value) throws CniException {
        Map<String, String> args = new LinkedHashMap<>();
        if (value.isBlank()) {
            return args;
        }
        for (String pair : value.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CniException(CniErrorCode.INVALID_ENVIRONMENT,
                        ARGS_ENV + ": '" + pair + "' (expected: KEY=VALUE pairs separated by ';')");
            }
            args.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    private static List<CniRequest.Attachment> attachments(String stdin) throws CniException {
        Object value = decode(stdin).get("cni.dev/valid-attachments");
        List<CniRequest.Attachment> attachments = new ArrayList<>();
        if (!(value instanceof List<?> list)) {
            return attachments;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && m.get("containerID") instanceof String id) {
                Object ifname = ((Map<String, Object>) m).getOrDefault("ifname", "");
                attachments.add(new CniRequest.Attachment(id, String.valueOf(ifname)));
            }
        }
        return attachments;
    }
}
