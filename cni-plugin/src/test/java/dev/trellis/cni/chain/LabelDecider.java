package dev.trellis.cni.chain;

import dev.trellis.cni.server.CaptureDecider;
import dev.trellis.cni.server.CaptureDecision;
import dev.trellis.cni.server.PodRef;

import java.util.Set;

/** The node-agent's rule, from fixed sets: namespaces labelled ambient are captured, except opted-out pods. */
record LabelDecider(Set<String> ambientNamespaces, Set<String> optedOutPods) implements CaptureDecider {
    @Override
    public CaptureDecision decide(PodRef pod) {
        if (!ambientNamespaces.contains(pod.namespace())) {
            return CaptureDecision.skip("namespace " + pod.namespace() + " is not ambient");
        }
        if (optedOutPods.contains(pod.name())) {
            return CaptureDecision.skip("pod " + pod.name() + " opted out");
        }
        return CaptureDecision.capture("namespace " + pod.namespace() + " is ambient");
    }
}
