package dev.trellis.bench.tunnel;

import dev.trellis.core.hbone.HboneClient;
import dev.trellis.core.hbone.HboneMetrics;
import dev.trellis.core.hbone.HboneRequestHandler;
import dev.trellis.core.hbone.HboneServer;
import dev.trellis.core.hbone.HboneServerInitializer;
import dev.trellis.core.hbone.HboneSettings;
import dev.trellis.core.hbone.HboneTarget;
import dev.trellis.core.hbone.UpstreamConnector;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.Pem;
import dev.trellis.core.tls.SpiffeCertificates;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import dev.trellis.core.transport.Transport;
import dev.trellis.testing.hbone.TunnelEntry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One hop of the benchmark's tunnel, on one event-loop thread (as each HAProxy hop gets one thread):
 *
 * <pre>
 *   HboneTunnel server --listen H:P --cert C --key K --bundle B
 *   HboneTunnel client --server H:P --server-id ID --cert C --key K --bundle B --forward PORT=HOST:PORT ...
 * </pre>
 *
 * The client listens on each forward port and tunnels every connection to the server with the forward's
 * target as CONNECT authority; the server connects to that target.
 */
public final class HboneTunnel {

    private HboneTunnel() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("server") || args[0].equals("client"))) {
            System.err.println("usage: HboneTunnel server|client --flag value ...");
            System.exit(64);
        }
        Map<String, List<String>> flags = flags(args);
        WorkloadCertificate cert = certificate(one(flags, "--cert"), one(flags, "--key"));
        TrustBundle bundle = new TrustBundle(Pem.certificates(Files.readString(Path.of(one(flags, "--bundle")))));
        EventLoopGroup loop = Transport.best().newGroup(1, r -> new Thread(r, "hbone"));
        if (args[0].equals("server")) {
            HboneServerInitializer init = new HboneServerInitializer(local -> Optional.of(cert), () -> bundle,
                    HboneRequestHandler.direct(UpstreamConnector.plain(Duration.ofSeconds(5))), HboneSettings.DEFAULT,
                    HboneMetrics.unregistered(), Clock.systemUTC());
            HboneServer server = HboneServer.bind(address(one(flags, "--listen")), loop, init);
            System.out.println("hbone server on " + server.address());
        } else {
            HboneClient client = new HboneClient(loop, () -> bundle, HboneSettings.DEFAULT, Clock.systemUTC());
            InetSocketAddress server = address(one(flags, "--server"));
            SpiffeId serverId = SpiffeId.parse(one(flags, "--server-id"));
            for (String forward : flags.getOrDefault("--forward", List.of())) {
                String[] parts = forward.split("=", 2);
                HboneTarget target = new HboneTarget(server, serverId, parts[1], Map.of());
                TunnelEntry.start(new InetSocketAddress("127.0.0.1", Integer.parseInt(parts[0])), loop, client, target,
                        () -> cert);
                System.out.println("tunnel 127.0.0.1:" + parts[0] + " -> " + parts[1] + " via " + server);
            }
        }
        Thread.currentThread().join();
    }

    private static WorkloadCertificate certificate(String certFile, String keyFile) throws IOException {
        var chain = Pem.certificates(Files.readString(Path.of(certFile)));
        return new WorkloadCertificate(SpiffeCertificates.identityOf(chain.getFirst()),
                Pem.privateKey(Files.readString(Path.of(keyFile))), chain);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static Map<String, List<String>> flags(String[] args) {
        Map<String, List<String>> flags = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            flags.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        return flags;
    }

    private static String one(Map<String, List<String>> flags, String name) {
        List<String> v = flags.get(name);
        if (v == null || v.size() != 1) {
            throw new IllegalArgumentException(name + ": expected exactly one value");
        }
        return v.getFirst();
    }
}
