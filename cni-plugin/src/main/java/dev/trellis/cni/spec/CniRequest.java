package dev.trellis.cni.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of the plugin, validated: what the runtime put in the environment and on stdin.
 *
 * @param command     CNI_COMMAND
 * @param containerId CNI_CONTAINERID (empty for VERSION, STATUS, GC)
 * @param netns       CNI_NETNS, a path such as {@code /var/run/netns/x} (empty when the runtime gave none, e.g. DEL)
 * @param ifname      CNI_IFNAME
 * @param args        CNI_ARGS as key/value pairs (Kubernetes runtimes pass K8S_POD_NAMESPACE, K8S_POD_NAME, ...)
 * @param config      the network configuration
 * @param validAttachments for GC only: the attachments the runtime still knows ({@code cni.dev/valid-attachments})
 */
public record CniRequest(CniCommand command, String containerId, String netns, String ifname,
                         Map<String, String> args, NetworkConfig config, List<Attachment> validAttachments) {
    public static final String POD_NAMESPACE_ARG = "K8S_POD_NAMESPACE";
    public static final String POD_NAME_ARG = "K8S_POD_NAME";
    public static final String POD_UID_ARG = "K8S_POD_UID";

    public Optional<String> arg(String key) {
        return Optional.ofNullable(args.get(key));
    }

    /** A pod operation for a pod of a namespace the configuration excludes: passed through, never captured. */
    public boolean excluded() {
        String namespace = args.get(POD_NAMESPACE_ARG);
        return command.isPodOperation() && namespace != null && config.excludeNamespaces().contains(namespace);
    }

    /** A container attachment named in a GC request. */
    public record Attachment(String containerId, String ifname) {
    }
}
