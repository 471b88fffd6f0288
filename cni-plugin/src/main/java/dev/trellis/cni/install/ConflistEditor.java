package dev.trellis.cni.install;

import dev.trellis.cni.spec.Json;
import dev.trellis.cni.spec.NetworkConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure edits of a CNI network configuration list: put our plugin entry last, take it out, or turn a single-plugin
 * {@code .conf} into a list. Other plugins' entries are kept exactly as they were, in order.
 */
public final class ConflistEditor {
    private ConflistEditor() {
    }

    /** Our entry, as it goes into the list. */
    public static Map<String, Object> pluginEntry(String agentSocket, boolean failOpen) {
        return pluginEntry(agentSocket, failOpen, List.of());
    }

    /** Our entry; {@code excludeNamespaces} is written only when there are some. */
    public static Map<String, Object> pluginEntry(String agentSocket, boolean failOpen,
            List<String> excludeNamespaces) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", NetworkConfig.PLUGIN_TYPE);
        entry.put("agentSocket", agentSocket);
        entry.put("failOpen", failOpen);
        if (!excludeNamespaces.isEmpty()) {
            entry.put("excludeNamespaces", new ArrayList<>(excludeNamespaces));
        }
        return entry;
    }

    /** Whether our entry, equal to {@code entry}, is the list's last plugin and appears nowhere else. */
    public static boolean isInstalled(Map<String, Object> conflist, Map<String, Object> entry) {
        List<Object> plugins = plugins(conflist);
        long ours = plugins.stream().filter(ConflistEditor::isOurs).count();
        return ours == 1 && !plugins.isEmpty() && entry.equals(plugins.getLast());
    }

    /** A copy with every entry of ours removed and {@code entry} appended last. */
    public static Map<String, Object> withPlugin(Map<String, Object> conflist, Map<String, Object> entry) {
        Map<String, Object> copy = withoutPlugin(conflist);
        @SuppressWarnings("unchecked")
        List<Object> plugins = (List<Object>) copy.get("plugins");
        plugins.add(entry);
        return copy;
    }

    /** A copy with every entry of ours removed. */
    public static Map<String, Object> withoutPlugin(Map<String, Object> conflist) {
        Map<String, Object> copy = new LinkedHashMap<>(conflist);
        List<Object> plugins = new ArrayList<>(plugins(conflist));
        plugins.removeIf(ConflistEditor::isOurs);
        copy.put("plugins", plugins);
        return copy;
    }

    public static boolean containsPlugin(Map<String, Object> conflist) {
        return plugins(conflist).stream().anyMatch(ConflistEditor::isOurs);
    }

    /** A single-plugin {@code .conf} turned into a list with that plugin as its only entry. */
    public static Map<String, Object> fromSingleConf(Map<String, Object> conf) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("cniVersion", conf.getOrDefault("cniVersion", "1.0.0"));
        list.put("name", conf.getOrDefault("name", "primary"));
        Map<String, Object> plugin = new LinkedHashMap<>(conf);
        plugin.remove("cniVersion");
        plugin.remove("name");
        list.put("plugins", new ArrayList<>(List.of(plugin)));
        return list;
    }

    private static List<Object> plugins(Map<String, Object> conflist) {
        Object plugins = conflist.get("plugins");
        if (plugins instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw new IllegalArgumentException("plugins: " + Json.kind(plugins) + " (expected: an array)");
    }

    private static boolean isOurs(Object plugin) {
        return plugin instanceof Map<?, ?> m && NetworkConfig.PLUGIN_TYPE.equals(m.get("type"));
    }
}
