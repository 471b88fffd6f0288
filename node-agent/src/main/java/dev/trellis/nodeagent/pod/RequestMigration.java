package dev.trellis.nodeagent.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns on {@code net.ipv4.tcp_migrate_req} (Linux 5.14+, IPv4 and IPv6) in the network namespace of the
 * calling thread: when a listener of a SO_REUSEPORT group closes, the connections in its accept queue and its
 * half-done handshakes move to another listener of the group instead of being reset. That is what lets an
 * upgraded node-agent take over a pod without losing a connection that arrived just as the old one stopped.
 * The sysctl is per namespace and is resolved against the opening thread's, so this runs on the pod's
 * namespace thread. An older kernel just lacks the file: logged once, the hand-over then risks those few.
 */
final class RequestMigration {
    private static final Logger log = LoggerFactory.getLogger(RequestMigration.class);
    private static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
    private static volatile boolean warned;

    private RequestMigration() {
    }

    static void enableInCurrentNamespace() {
        try {
            Files.writeString(SYSCTL, "1");
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                log.warn("cannot set {} ({}): connections queued on a listener when an old node-agent stops "
                        + "during an upgrade may be reset", SYSCTL, e.getMessage());
            }
        }
    }
}
