package dev.trellis.cni.server;

/**
 * Whether a pod's traffic is captured, and why, for the log.
 *
 * @param capture true to install redirection and hand the pod to the node-agent
 * @param reason  e.g. "namespace demo has trellis.dev/dataplane-mode=ambient" or "pod opted out"
 */
public record CaptureDecision(boolean capture, String reason) {
    public static CaptureDecision capture(String reason) {
        return new CaptureDecision(true, reason);
    }

    public static CaptureDecision skip(String reason) {
        return new CaptureDecision(false, reason);
    }
}
