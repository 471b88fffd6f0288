package dev.trellis.cni.server;

import dev.trellis.cni.rules.RedirectionException;
import dev.trellis.cni.spec.CniCommand;
import dev.trellis.cni.spec.CniErrorCode;
import dev.trellis.cni.spec.CniException;
import dev.trellis.cni.spec.CniRequest;
import dev.trellis.cni.spec.CniRequestParser;
import dev.trellis.cni.spec.CniResults;
import dev.trellis.cni.spec.CniVersions;
import dev.trellis.cni.wire.HandoffFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out one forwarded CNI request: ADD, DEL, CHECK, VERSION, STATUS, GC. Every outcome is a reply frame;
 * failures become the specification's error document with our code.
 */
public final class CniRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(CniRequestHandler.class);

    private final CaptureDecider decider;
    private final PodCapture capture;
    private final PodHandoff handoff;

    public CniRequestHandler(CaptureDecider decider, PodCapture capture, PodHandoff handoff) {
        this.decider = decider;
        this.capture = capture;
        this.handoff = handoff;
    }

    public HandoffFrames.Reply handle(Map<String, String> env, String stdin) {
        String replyVersion = CniRequestParser.versionForReply(stdin);
        try {
            CniRequest request = CniRequestParser.parse(env, stdin);
            return HandoffFrames.Reply.success(dispatch(request));
        } catch (CniException e) {
            log.warn("CNI request failed: code {}: {} {}", e.code().code(), e.getMessage(), e.details());
            return new HandoffFrames.Reply(1, e.toJson(replyVersion), "");
        }
    }

    private String dispatch(CniRequest request) throws CniException {
        if (request.excluded()) {
            // The fast launcher forwards every pod; the namespaces the configuration excludes are not ours.
            return request.command() == CniCommand.ADD ? CniResults.passThrough(request.config()) : "";
        }
        return switch (request.command()) {
            case VERSION -> CniVersions.versionReply(request.config().cniVersion());
            case ADD -> add(request);
            case DEL -> del(request);
            case CHECK -> check(request);
            case STATUS -> "";
            case GC -> gc(request);
        };
    }

    private String add(CniRequest request) throws CniException {
        PodRef pod = PodRefs.from(request);
        requireNetns(pod);
        CaptureDecision decision = decide(pod);
        if (!decision.capture()) {
            log.info("pod {} not captured: {}", pod.displayName(), decision.reason());
            return CniResults.passThrough(request.config());
        }
        try {
            capture.capture(pod);
        } catch (RedirectionException e) {
            throw new CniException(CniErrorCode.REDIRECTION_FAILED, "pod " + pod.displayName()
                    + ": installing traffic redirection failed; nothing was left behind", e.getMessage());
        } catch (HandoffException e) {
            throw new CniException(CniErrorCode.NODE_AGENT_UNAVAILABLE, "pod " + pod.displayName()
                    + ": node-agent did not take the pod; its rules were removed", e.getMessage());
        }
        return CniResults.passThrough(request.config());
    }

    private String del(CniRequest request) throws CniException {
        PodRef pod = PodRefs.from(request);
        try {
            capture.release(pod);
        } catch (RedirectionException e) {
            throw new CniException(CniErrorCode.REDIRECTION_FAILED, "pod " + pod.displayName()
                    + ": removing traffic redirection failed", e.getMessage());
        } catch (HandoffException e) {
            log.warn("pod {}: node-agent release failed (rules removed anyway): {}", pod.displayName(),
                    e.getMessage());
        }
        return "";
    }

    private String check(CniRequest request) throws CniException {
        PodRef pod = PodRefs.from(request);
        requireNetns(pod);
        if (!decide(pod).capture()) {
            return "";
        }
        List<String> problems;
        try {
            problems = capture.verify(pod);
        } catch (RedirectionException e) {
            throw new CniException(CniErrorCode.REDIRECTION_FAILED, "pod " + pod.displayName()
                    + ": reading redirection rules failed", e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new CniException(CniErrorCode.REDIRECTION_MISSING, "pod " + pod.displayName()
                    + ": traffic redirection is not as installed", String.join("; ", problems));
        }
        return "";
    }

    private String gc(CniRequest request) {
        Set<String> valid = new HashSet<>();
        request.validAttachments().forEach(a -> valid.add(a.containerId()));
        handoff.retainOnly(valid);
        return "";
    }

    private CaptureDecision decide(PodRef pod) throws CniException {
        try {
            return decider.decide(pod);
        } catch (HandoffException e) {
            throw new CniException(CniErrorCode.TRY_AGAIN_LATER, "pod " + pod.displayName()
                    + ": node-agent cannot decide on capture yet", e.getMessage());
        }
    }

    private static void requireNetns(PodRef pod) throws CniException {
        if (!Files.exists(pod.netnsPath())) {
            throw new CniException(CniErrorCode.CONTAINER_UNKNOWN, "CNI_NETNS: '" + pod.netns()
                    + "' does not exist (expected: the pod's network namespace)");
        }
    }
}
