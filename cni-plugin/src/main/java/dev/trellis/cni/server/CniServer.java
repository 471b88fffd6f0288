package dev.trellis.cni.server;

import dev.trellis.cni.wire.HandoffFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node-agent's CNI endpoint: a unix socket where the {@code trellis-cni} launcher forwards each request.
 * One virtual thread per connection, one request per connection. The node-agent hosts it in-process;
 * the socket file is readable by root only (the runtime runs the plugin as root).
 */
public final class CniServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CniServer.class);

    private final Path socketPath;
    private final CniRequestHandler handler;
    private final ServerSocketChannel server;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread acceptor;

    private CniServer(Path socketPath, CniRequestHandler handler, ServerSocketChannel server) {
        this.socketPath = socketPath;
        this.handler = handler;
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("trellis-cni-accept").daemon().unstarted(this::acceptLoop);
    }

    /** Binds {@code socketPath} (replacing a stale socket file left by an earlier node-agent) and starts serving. */
    public static CniServer start(Path socketPath, CniRequestHandler handler) throws IOException {
        Files.createDirectories(socketPath.toAbsolutePath().getParent());
        Files.deleteIfExists(socketPath);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        CniServer cni = new CniServer(socketPath, handler, server);
        cni.acceptor.start();
        log.info("CNI endpoint listening on {}", socketPath);
        return cni;
    }

    public Path socketPath() {
        return socketPath;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socketPath);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                connections.execute(() -> serve(channel));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("CNI endpoint accept failed: {}", e.getMessage());
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            HandoffFrames.Request request =
                    HandoffFrames.readRequest(new DataInputStream(Channels.newInputStream(channel)));
            HandoffFrames.Reply reply = handler.handle(request.env(), request.stdin());
            HandoffFrames.writeReply(new DataOutputStream(Channels.newOutputStream(channel)), reply);
        } catch (IOException e) {
            log.warn("CNI endpoint: bad or broken request: {}", e.getMessage());
        }
    }
}
