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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
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
    private final Object socketFile;

    private CniServer(Path socketPath, CniRequestHandler handler, ServerSocketChannel server, Object socketFile) {
        this.socketPath = socketPath;
        this.handler = handler;
        this.server = server;
        this.socketFile = socketFile;
        this.acceptor = Thread.ofPlatform().name("trellis-cni-accept").daemon().unstarted(this::acceptLoop);
    }

    /**
     * Binds a fresh socket and renames it over {@code socketPath}, so that the path always answers: a stale
     * file left by a dead node-agent is replaced, and during an upgrade the new node-agent takes the path from
     * the old one (whose close then leaves the path alone) without a moment in which the plugin finds nobody.
     */
    public static CniServer start(Path socketPath, CniRequestHandler handler) throws IOException {
        Files.createDirectories(socketPath.toAbsolutePath().getParent());
        Path fresh = socketPath.resolveSibling("." + socketPath.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(fresh);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(fresh));
        Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
        Object socketFile = Files.readAttributes(fresh, BasicFileAttributes.class).fileKey();
        Files.move(fresh, socketPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CniServer cni = new CniServer(socketPath, handler, server, socketFile);
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
        // A successor may already serve at the path: remove only the socket file that is still ours.
        try {
            if (socketFile.equals(Files.readAttributes(socketPath, BasicFileAttributes.class).fileKey())) {
                Files.deleteIfExists(socketPath);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        }
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
