package dev.trellis.cni.server;

import java.util.Set;

/**
 * The node-agent's side of a captured pod. {@link #podAdded} is called after the redirection rules are in
 * place and must return only when the node-agent serves the pod (listeners on 15001/15006/15008 open in its
 * netns), so the network is ready before the app starts; throwing fails the ADD and the rules are removed again.
 */
public interface PodHandoff {
    void podAdded(PodRef pod) throws HandoffException;

    /** The pod is gone or leaves the mesh: close its listeners and let open connections drain. Idempotent. */
    void podRemoved(PodRef pod) throws HandoffException;

    /** CNI GC: pods whose container ID is not in the set are gone; forget them. Nothing to do by default. */
    default void retainOnly(Set<String> containerIds) {
    }
}
