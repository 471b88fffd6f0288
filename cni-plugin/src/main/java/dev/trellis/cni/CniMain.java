package dev.trellis.cni;

import dev.trellis.cni.install.InstallCommand;
import dev.trellis.cni.spec.CniCommand;
import dev.trellis.cni.spec.CniErrorCode;
import dev.trellis.cni.spec.CniException;
import dev.trellis.cni.spec.CniRequest;
import dev.trellis.cni.spec.CniRequestParser;
import dev.trellis.cni.spec.CniResults;
import dev.trellis.cni.spec.CniVersions;
import dev.trellis.cni.wire.HandoffFrames;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code trellis-cni}, the process the container runtime executes on every pod start and stop.
 *
 * <p>It is kept tiny (JDK classes plus {@code spec} and {@code wire} only) because it sits on the pod start-up path:
 * it validates the request, answers VERSION itself, and forwards everything else to the node-agent's CNI endpoint
 * ({@code agentSocket} in the network configuration), printing the node-agent's reply. The node-agent does the work
 * (see {@code dev.trellis.cni.server}). If the node-agent cannot be reached, ADD fails, or, with {@code failOpen},
 * passes the previous result through with a warning; DEL and GC succeed (the pod's rules die with its netns and the
 * node-agent reconciles when it is back).
 */
public final class CniMain {
    /** A hung node-agent must not hang pod start-up forever; the runtime retries a "try again later". */
    private static final long REPLY_DEADLINE_MILLIS = 55_000;

    private CniMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            // A runtime never passes arguments (CNI is stdin and environment): this is an operator's command.
            System.exit(InstallCommand.run(args, System.getenv()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : CniRequestParser.forwardedVariables()) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        String stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        HandoffFrames.Reply reply = run(env, stdin);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(reply.stdout());
        out.flush();
        if (!reply.stderr().isEmpty()) {
            System.err.println(reply.stderr());
        }
        System.exit(reply.exitCode());
    }

    /** Everything but the process's own I/O, so tests can drive it. */
    static HandoffFrames.Reply run(Map<String, String> env, String stdin) {
        String replyVersion = CniRequestParser.versionForReply(stdin);
        try {
            if (CniRequestParser.command(env) == CniCommand.VERSION) {
                return HandoffFrames.Reply.success(CniVersions.versionReply(replyVersion));
            }
            CniRequest request = CniRequestParser.parse(env, stdin);
            if (request.excluded()) {
                return passThrough(request);
            }
            return forward(request, env, stdin);
        } catch (CniException e) {
            return new HandoffFrames.Reply(1, e.toJson(replyVersion), "");
        }
    }

    /** An excluded pod: ADD hands the previous result on, DEL and CHECK have nothing of ours to look at. */
    private static HandoffFrames.Reply passThrough(CniRequest request) {
        return HandoffFrames.Reply.success(request.command() == CniCommand.ADD
                ? CniResults.passThrough(request.config()) : "");
    }

    private static HandoffFrames.Reply forward(CniRequest request, Map<String, String> env, String stdin)
            throws CniException {
        Thread watchdog = startWatchdog(request.config().cniVersion());
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(request.config().agentSocket()))) {
            HandoffFrames.writeRequest(new DataOutputStream(Channels.newOutputStream(channel)), env, stdin);
            return HandoffFrames.readReply(new DataInputStream(Channels.newInputStream(channel)));
        } catch (IOException e) {
            return unreachable(request, e);
        } finally {
            watchdog.interrupt();
        }
    }

    private static HandoffFrames.Reply unreachable(CniRequest request, IOException cause) throws CniException {
        String what = "node-agent at " + request.config().agentSocket() + " unreachable: " + cause.getMessage();
        switch (request.command()) {
            case DEL, GC -> {
                return new HandoffFrames.Reply(0, "", "trellis-cni: warning: " + what + "; nothing to undo here");
            }
            case ADD -> {
                if (request.config().failOpen()) {
                    return new HandoffFrames.Reply(0, CniResults.passThrough(request.config()),
                            "trellis-cni: warning: " + what + "; failOpen is set, pod " + request.containerId()
                                    + " starts without mesh capture");
                }
            }
            default -> {
            }
        }
        throw new CniException(CniErrorCode.NODE_AGENT_UNAVAILABLE, what,
                "is the trellis node-agent running on this node? (failOpen: " + request.config().failOpen() + ")");
    }

    private static Thread startWatchdog(String cniVersion) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(REPLY_DEADLINE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.out.print(new CniException(CniErrorCode.TRY_AGAIN_LATER, "node-agent did not answer within "
                    + REPLY_DEADLINE_MILLIS + " ms").toJson(cniVersion));
            System.out.flush();
            Runtime.getRuntime().halt(1);
        });
    }
}
