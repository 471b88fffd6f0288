package dev.trellis.cni.server;

/**
 * Decides whether a starting pod joins the mesh. The node-agent implements it from discovery: capture when the
 * pod's namespace carries {@code trellis.dev/dataplane-mode=ambient} and the pod is not labelled
 * {@code trellis.dev/dataplane-mode=none}. Called on a virtual thread; may block briefly (e.g. waiting for
 * discovery to learn of a pod that was just scheduled), but it is on the pod start-up path.
 */
@FunctionalInterface
public interface CaptureDecider {
    CaptureDecision decide(PodRef pod) throws HandoffException;
}
