package dev.trellis.cni.install;

import dev.trellis.core.config.ConfigException;
import dev.trellis.core.config.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code trellis-cni install} reads, from flags and {@code TRELLIS_CNI_*} variables, once.
 *
 * @param binDir            the node's CNI bin directory as the installer sees it
 * @param confDir           the node's CNI configuration directory as the installer sees it
 * @param runtimeDir        where the JRE copy, jar and cache go: the same path on the host and here
 * @param agentSocket       the node-agent's CNI socket, written into our entry
 * @param excludeNamespaces pods the plugin passes through without the node-agent
 * @param conflist          the network configuration to chain into; empty = the primary one
 * @param failOpen          written into our entry
 * @param copyJre           copy the running JRE into the runtime directory (a container's JRE is not on the
 *                          host); false = the launcher runs the JRE in place (a host install, the lab)
 */
public record InstallSettings(Path binDir, Path confDir, Path runtimeDir, Path agentSocket,
                              List<String> excludeNamespaces, Optional<String> conflist, boolean failOpen,
                              boolean copyJre) {
    public static final Map<String, String> FLAGS = flags();

    public InstallSettings {
        excludeNamespaces = List.copyOf(excludeNamespaces);
    }

    public static InstallSettings read(List<String> args, Map<String, String> env) {
        Settings s = Settings.read(FLAGS, args, env);
        return new InstallSettings(s.path("cni-bin-dir"), s.path("cni-conf-dir"), s.path("cni-runtime-dir"),
                s.path("cni-socket"), namespaces(s.values().get("cni-exclude-namespaces")),
                s.optional("cni-conflist"), bool(s, "cni-fail-open"), bool(s, "cni-copy-jre"));
    }

    private static boolean bool(Settings s, String flag) {
        return s.choice(flag, List.of("true", "false")).equals("true");
    }

    private static List<String> namespaces(String value) {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new ConfigException("--cni-exclude-namespaces / TRELLIS_CNI_EXCLUDE_NAMESPACES: '" + value
                        + "' (expected: comma-separated Kubernetes namespace names; '" + name + "' is not one)");
            }
            names.add(name);
        }
        return names;
    }

    private static Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cni-bin-dir", "/opt/cni/bin");
        f.put("cni-conf-dir", "/etc/cni/net.d");
        f.put("cni-runtime-dir", "/opt/trellis/cni");
        f.put("cni-socket", "/var/run/trellis/cni.sock");
        f.put("cni-exclude-namespaces", "kube-system");
        f.put("cni-conflist", "");
        f.put("cni-fail-open", "false");
        f.put("cni-copy-jre", "true");
        return java.util.Collections.unmodifiableMap(f);
    }
}
