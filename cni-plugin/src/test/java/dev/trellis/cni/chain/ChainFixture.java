package dev.trellis.cni.chain;

import dev.trellis.cni.CniMain;
import dev.trellis.cni.install.CniInstaller;
import dev.trellis.cni.install.InstallerConfig;
import dev.trellis.cni.rules.CaptureSettings;
import dev.trellis.cni.rules.NsenterCommandRunner;
import dev.trellis.cni.rules.PodRedirection;
import dev.trellis.cni.rules.RuleTools;
import dev.trellis.cni.server.CniRequestHandler;
import dev.trellis.cni.server.CniServer;
import dev.trellis.cni.server.PodCapture;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A node for chain tests: a node netns, a bridge + host-local conflist (198.18.0.0/24, fd00:7472::/64) with
 * trellis-cni added by the real installer, the launcher installed in a temp CNI bin dir, and the node-agent's CNI
 * endpoint running in this JVM with a {@link LabelDecider} (namespace "mesh" ambient, pod "opted-out" opted out).
 */
final class ChainFixture implements AutoCloseable {
    static final String AMBIENT_NAMESPACE = "mesh";
    static final String OPTED_OUT_POD = "opted-out";

    final Path dir;
    final TestNetns node;
    final RecordingHandoff handoff;
    final CniServer server;
    final CniChain chain;

    private ChainFixture(Path dir, TestNetns node, RecordingHandoff handoff, CniServer server, CniChain chain) {
        this.dir = dir;
        this.node = node;
        this.handoff = handoff;
        this.server = server;
        this.chain = chain;
    }

    static ChainFixture start() throws IOException {
        Path dir = Files.createTempDirectory("trl-cni-");
        TestNetns node = null;
        try {
            node = TestNetns.create("node");
            Path conf = Files.createDirectories(dir.resolve("net.d"));
            Files.writeString(conf.resolve("10-trellis-test.conflist"), bridgeConflist(dir.resolve("ipam")));
            Path socket = dir.resolve("agent/cni.sock");
            CniInstaller installer = new CniInstaller(new InstallerConfig(dir.resolve("bin"), conf, Optional.empty(),
                    Path.of(System.getProperty("java.home")), pluginClasses(), socket, false));
            Path conflist = installer.install();
            RecordingHandoff handoff = new RecordingHandoff();
            CniServer server = CniServer.start(socket, handler(RuleTools.defaults(), handoff));
            return new ChainFixture(dir, node, handoff, server,
                    new CniChain(conflist, dir.resolve("bin") + ":/usr/lib/cni", node));
        } catch (IOException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            delete(dir);
            throw e;
        }
    }

    /** A handler wired like the node-agent's, with the given tools (tests break one to fail half-way). */
    CniRequestHandler handler(RuleTools tools) {
        return handler(tools, handoff);
    }

    /** What the node-agent's reconciler calls for pods that are already running. */
    PodCapture podCapture() {
        return podCapture(RuleTools.defaults(), handoff);
    }

    private static CniRequestHandler handler(RuleTools tools, RecordingHandoff handoff) {
        return new CniRequestHandler(new LabelDecider(Set.of(AMBIENT_NAMESPACE), Set.of(OPTED_OUT_POD)),
                podCapture(tools, handoff), handoff);
    }

    private static PodCapture podCapture(RuleTools tools, RecordingHandoff handoff) {
        PodRedirection redirection = new PodRedirection(CaptureSettings.defaults(), tools,
                new NsenterCommandRunner("nsenter", 10_000));
        return new PodCapture(redirection, handoff);
    }

    @Override
    public void close() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            node.close();
            delete(dir);
        }
    }

    private static String bridgeConflist(Path ipamDir) {
        return """
                {"cniVersion":"1.0.0","name":"trellis-test","plugins":[
                  {"type":"bridge","bridge":"trlbr0","isGateway":true,"ipMasq":false,
                   "ipam":{"type":"host-local","dataDir":"%s",
                           "ranges":[[{"subnet":"198.18.0.0/24"}],[{"subnet":"fd00:7472::/64"}]],
                           "routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]}}]}
                """.formatted(ipamDir);
    }

    private static Path pluginClasses() {
        try {
            return Path.of(CniMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
