package dev.trellis.cni.install;

import dev.trellis.cni.wire.HandoffFrames;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Trains the launcher's ahead-of-time cache at install time (JDK 25, {@code -XX:AOTCacheOutput}): the launcher
 * runs once through a whole ADD against a one-shot endpoint of our own that answers like a node-agent, so the
 * cache holds every class of the real path already loaded and linked, with its lambdas and string
 * concatenations resolved. Later starts map the cache instead of doing that work: about a quarter less time per
 * pod start than an AppCDS archive on the same machine. A cache needs a jar class path and the same JDK;
 * anything that goes wrong just means no cache (the launcher works without one, only slower).
 */
final class AotCache {
    private static final long TRAINING_TIMEOUT_SECONDS = 120;
    private static final String TRAINING_RESULT = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[],\"ips\":[]}";

    private AotCache() {
    }

    static Optional<Path> train(Path javaHome, Path jar, Path cache) {
        Path tmp = cache.resolveSibling("." + cache.getFileName() + ".tmp");
        Path socket = cache.resolveSibling(".trellis-cni-training.sock");
        try (ServerSocketChannel endpoint = listen(socket)) {
            Thread answering = Thread.ofVirtual().start(() -> answerOnce(endpoint));
            Files.deleteIfExists(tmp);
            boolean trained = runLauncher(javaHome, jar, tmp, socket);
            answering.interrupt();
            if (!trained || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                return Optional.empty();
            }
            Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(cache);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // a stale training socket is harmless: the next training replaces it
            }
        }
    }

    private static ServerSocketChannel listen(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** Reads one request as the node-agent would and answers with an empty success result. */
    private static void answerOnce(ServerSocketChannel endpoint) {
        try (SocketChannel channel = endpoint.accept()) {
            HandoffFrames.readRequest(new DataInputStream(Channels.newInputStream(channel)));
            HandoffFrames.writeReply(new DataOutputStream(Channels.newOutputStream(channel)),
                    HandoffFrames.Reply.success(TRAINING_RESULT));
        } catch (IOException e) {
            // the launcher then fails its training run and no cache is written
        }
    }

    private static boolean runLauncher(Path javaHome, Path jar, Path output, Path socket)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(javaHome.resolve("bin/java").toString());
        argv.addAll(LauncherScript.JVM_FLAGS);
        argv.addAll(List.of("-XX:AOTCacheOutput=" + output, "-cp", jar.toString(), LauncherScript.MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "trellis-training",
                "CNI_NETNS", "/proc/self/ns/net", "CNI_IFNAME", "eth0",
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=training;K8S_POD_NAME=training",
                "CNI_PATH", jar.getParent().toString()));
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(("{\"cniVersion\":\"1.0.0\",\"name\":\"training\",\"type\":\"trellis-cni\",\"agentSocket\":\""
                    + socket + "\",\"prevResult\":" + TRAINING_RESULT + "}").getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
