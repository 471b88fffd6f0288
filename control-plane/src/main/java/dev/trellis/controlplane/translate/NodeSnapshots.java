package dev.trellis.controlplane.translate;

import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.model.Workload;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cuts one node-agent's {@link MeshSnapshot} out of the mesh model.
 *
 * <p>What a node-agent gets, and why:
 * <ul>
 *   <li><b>every workload</b>: its pods may connect to any pod address, and for each it must know the
 *       destination's identity (to check the HBONE peer) and whether it is captured (tunnel or plain);
 *       inbound, it maps a caller's address to a workload for policy and telemetry;</li>
 *   <li><b>every service</b>: any local pod may dial any VIP, and the agent resolves VIP → endpoints or
 *       waypoint itself;</li>
 *   <li><b>only the authorization policies that can select one of its own workloads</b> (policies of the
 *       root namespace, and policies of a local workload's namespace whose selector matches it): a
 *       node-agent enforces policy for its own pods only, so other policies would only churn its
 *       version;</li>
 *   <li>the trust bundle.</li>
 * </ul>
 * Versions are content hashes ({@link SnapshotVersion}): two nodes with the same view get the same version,
 * and a change elsewhere in the mesh that does not alter a node's view leaves its version unchanged.
 */
public final class NodeSnapshots {

    private NodeSnapshots() {
    }

    /** The snapshot of the node-agent on {@code node} (any name: a node with no pods gets the shared view). */
    public static MeshSnapshot forNode(MeshModel model, String node, List<String> trustBundlePem,
            TranslationConfig config) {
        return forNode(model, SnapshotVersion.shared(model.workloads(), model.services()), node, trustBundlePem,
                config);
    }

    private static MeshSnapshot forNode(MeshModel model, String sharedDigest, String node,
            List<String> trustBundlePem, TranslationConfig config) {
        List<Workload> local = model.workloadsOn(node);
        List<AuthorizationPolicy> policies = model.policies().stream()
                .filter(p -> p.namespace().equals(config.rootNamespace()) || selectsAny(p, local))
                .toList();
        String version = SnapshotVersion.of(sharedDigest, policies, trustBundlePem);
        return MeshSnapshot.of(version, model.workloads(), model.services(), policies, trustBundlePem);
    }

    /**
     * The snapshots of every node that has a workload, and of every node in {@code knownNodes} (node-agents
     * that are connected, even to an empty node), by node name.
     */
    public static Map<String, MeshSnapshot> forNodes(MeshModel model, Collection<String> knownNodes,
            List<String> trustBundlePem, TranslationConfig config) {
        TreeSet<String> nodes = new TreeSet<>(knownNodes);
        model.workloads().values().forEach(w -> nodes.add(w.node()));
        String sharedDigest = SnapshotVersion.shared(model.workloads(), model.services());
        Map<String, MeshSnapshot> byNode = new TreeMap<>();
        for (String node : nodes) {
            byNode.put(node, forNode(model, sharedDigest, node, trustBundlePem, config));
        }
        return byNode;
    }

    /** The policies a node-agent with the workloads {@code local} enforces (see the class comment). */
    public static List<AuthorizationPolicy> policiesFor(MeshModel model, List<Workload> local,
            TranslationConfig config) {
        return model.policies().stream()
                .filter(p -> p.namespace().equals(config.rootNamespace()) || selectsAny(p, local))
                .toList();
    }

    private static boolean selectsAny(AuthorizationPolicy policy, List<Workload> workloads) {
        return workloads.stream().anyMatch(w -> w.namespace().equals(policy.namespace())
                && Selectors.matches(policy.selector(), w.labels()));
    }
}
