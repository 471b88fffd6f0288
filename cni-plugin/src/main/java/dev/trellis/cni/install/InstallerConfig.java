package dev.trellis.cni.install;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the installer puts the plugin and which network it chains into.
 *
 * @param cniBinDir      the node's CNI bin directory (e.g. /opt/cni/bin)
 * @param cniConfDir     the node's CNI configuration directory (e.g. /etc/cni/net.d)
 * @param conflistName   the file to chain into; empty = the primary one (first in name order, as runtimes pick)
 * @param javaHome       the JDK the launcher runs on, on the node
 * @param pluginJar      the cni-plugin classes: a jar (copied next to the launcher) or, in development, a
 *                       classes directory (referenced in place)
 * @param agentSocket    the node-agent's CNI endpoint written into our entry
 * @param failOpen       written into our entry
 * @param runtimeDir     where the jar and its ahead-of-time cache go; the launcher names them by these paths, so
 *                       it must be the same path on the host and where the installer runs (the DaemonSet mounts
 *                       the host directory at its own path)
 * @param excludeNamespaces written into our entry: namespaces the plugin passes through without the node-agent
 */
public record InstallerConfig(Path cniBinDir, Path cniConfDir, Optional<String> conflistName, Path javaHome,
                              Path pluginJar, Path agentSocket, boolean failOpen, Path runtimeDir,
                              List<String> excludeNamespaces) {
    public static final String LAUNCHER_NAME = "trellis-cni";
    /** The Java launcher's name when the fast launcher stands in front of it (the C file names it too). */
    public static final String JVM_LAUNCHER_NAME = "trellis-cni-jvm";
    public static final String JAR_NAME = "trellis-cni.jar";
    public static final String ARCHIVE_NAME = "trellis-cni.aot";

    public InstallerConfig {
        excludeNamespaces = List.copyOf(excludeNamespaces);
    }

    /** Everything in the CNI bin directory, nothing excluded: a node where the installer runs on the host. */
    public InstallerConfig(Path cniBinDir, Path cniConfDir, Optional<String> conflistName, Path javaHome,
                           Path pluginJar, Path agentSocket, boolean failOpen) {
        this(cniBinDir, cniConfDir, conflistName, javaHome, pluginJar, agentSocket, failOpen, cniBinDir, List.of());
    }
}
