package dev.trellis.bench.cni;

import dev.trellis.cni.CniMain;
import dev.trellis.cni.install.CniInstaller;
import dev.trellis.cni.install.InstallerConfig;
import dev.trellis.cni.rules.CaptureSettings;
import dev.trellis.cni.rules.NsenterCommandRunner;
import dev.trellis.cni.rules.PodRedirection;
import dev.trellis.cni.rules.RuleTools;
import dev.trellis.cni.server.CaptureDecision;
import dev.trellis.cni.server.CniRequestHandler;
import dev.trellis.cni.server.CniServer;
import dev.trellis.cni.server.PodCapture;
import dev.trellis.cni.server.PodHandoff;
import dev.trellis.cni.server.PodRef;
import dev.trellis.cni.spec.Json;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Measures the latency of the {@code trellis-cni} step of pod start and stop, as a container runtime sees it:
 * the installed launcher executed with CNI_* variables and its configuration (with the bridge plugin's result as
 * prevResult) on stdin, forwarding to the node-agent's CNI endpoint, which writes and removes the in-pod rules.
 * The node is a network namespace; pods are fresh namespaces set up by the real bridge + host-local plugins.
 * Usage: {@code CniLatencyBench [pods]} (default 200); run as root through {@code bench/cni.sh}.
 */
public final class CniLatencyBench {
    private static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String SYSTEM_CNI = "/usr/lib/cni";

    private final String prefix;
    private final Map<String, Object> conflist;
    private final Path binDir;

    private CniLatencyBench(String prefix, Map<String, Object> conflist, Path binDir) {
        this.prefix = prefix;
        this.conflist = conflist;
        this.binDir = binDir;
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("trl-cni-bench-");
        String prefix = "trl-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        String node = prefix + "-node";
        run(List.of("ip", "netns", "add", node), "");
        try (CniServer server = startAgent(dir.resolve("agent/cni.sock"))) {
            Path conflist = install(dir, server.socketPath());
            Path jvmLauncher = dir.resolve("bin/trellis-cni-jvm");
            System.out.println("launcher: " + (Files.exists(jvmLauncher) ? "the fast (C) launcher, falling back to"
                    + " the Java launcher " + (Files.readString(jvmLauncher).contains("-XX:AOTCache=") ? "with" : "WITHOUT")
                    + " its ahead-of-time cache" : "the Java launcher only (no C compiler at build time)"));
            CniLatencyBench bench = new CniLatencyBench(prefix, Json.parseObject(Files.readString(conflist)),
                    dir.resolve("bin"));
            bench.measure(pods);
        } finally {
            run(List.of("ip", "netns", "del", node), "");
            delete(dir);
        }
    }

    private void measure(int pods) throws IOException {
        Histogram add = new Histogram(60_000_000_000L, 3);
        Histogram del = new Histogram(60_000_000_000L, 3);
        Histogram status = new Histogram(60_000_000_000L, 3);
        warmUp();
        for (int i = 0; i < pods; i++) {
            String pod = prefix + "-p" + i;
            run(List.of("ip", "netns", "add", pod), "");
            try {
                String id = "bench" + i;
                String bridgeResult = plugin(bridge(), "ADD", id, pod, null);
                long start = System.nanoTime();
                trellis("STATUS", id, pod, bridgeResult);
                status.recordValue(System.nanoTime() - start);
                start = System.nanoTime();
                String result = trellis("ADD", id, pod, bridgeResult);
                add.recordValue(System.nanoTime() - start);
                Json.parseObject(result);
                start = System.nanoTime();
                trellis("DEL", id, pod, bridgeResult);
                del.recordValue(System.nanoTime() - start);
                plugin(bridge(), "DEL", id, pod, bridgeResult);
            } finally {
                run(List.of("ip", "netns", "del", pod), "");
            }
        }
        report("STATUS (launcher + socket round trip, no rule work)", status);
        report("ADD", add);
        report("DEL", del);
    }

    /** A few pods first, so the figures describe a node that is up (page cache, JIT of the node-agent). */
    private void warmUp() throws IOException {
        String pod = prefix + "-warm";
        run(List.of("ip", "netns", "add", pod), "");
        try {
            String bridgeResult = plugin(bridge(), "ADD", "warm", pod, null);
            for (int i = 0; i < 10; i++) {
                trellis("ADD", "warm", pod, bridgeResult);
                trellis("DEL", "warm", pod, bridgeResult);
            }
            plugin(bridge(), "DEL", "warm", pod, bridgeResult);
        } finally {
            run(List.of("ip", "netns", "del", pod), "");
        }
    }

    private String trellis(String command, String id, String pod, String prevResult) throws IOException {
        return plugin(plugins().getLast(), command, id, pod, prevResult);
    }

    private Map<String, Object> bridge() {
        return plugins().getFirst();
    }

    /** Executes one plugin of the list as a runtime would; the runtime's (the node's) netns for bridge. */
    private String plugin(Map<String, Object> plugin, String command, String id, String pod, String prevResult)
            throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cniVersion", conflist.get("cniVersion"));
        config.put("name", conflist.get("name"));
        config.putAll(plugin);
        if (prevResult != null) {
            config.put("prevResult", Json.parse(prevResult));
        }
        String type = (String) plugin.get("type");
        Path binary = type.equals("trellis-cni") ? binDir.resolve(type) : Path.of(SYSTEM_CNI, type);
        List<String> argv = type.equals("trellis-cni") ? List.of(binary.toString())
                : List.of("nsenter", "--net=/var/run/netns/" + prefix + "-node", binary.toString());
        Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", id,
                "CNI_NETNS", "/var/run/netns/" + pod, "CNI_IFNAME", "eth0",
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=" + id, "CNI_PATH", binDir + ":" + SYSTEM_CNI,
                "PATH", PATH);
        return exec(argv, env, Json.write(config));
    }

    private List<Map<String, Object>> plugins() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plugins = (List<Map<String, Object>>) conflist.get("plugins");
        return plugins;
    }

    private static CniServer startAgent(Path socket) throws IOException {
        PodHandoff handoff = new PodHandoff() {
            @Override
            public void podAdded(PodRef pod) {
            }

            @Override
            public void podRemoved(PodRef pod) {
            }
        };
        PodRedirection redirection = new PodRedirection(CaptureSettings.defaults(), RuleTools.defaults(),
                new NsenterCommandRunner("nsenter", 10_000));
        return CniServer.start(socket, new CniRequestHandler(pod -> CaptureDecision.capture("bench captures all"),
                new PodCapture(redirection, handoff), handoff));
    }

    private static Path install(Path dir, Path socket) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("net.d"));
        Files.writeString(conf.resolve("10-bench.conflist"), """
                {"cniVersion":"1.0.0","name":"trellis-bench","plugins":[
                  {"type":"bridge","bridge":"trlbr0","isGateway":true,"ipMasq":false,
                   "ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"198.18.0.0/23"}]]}}]}
                """.formatted(dir.resolve("ipam")));
        Path classes = Path.of(CniMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new CniInstaller(new InstallerConfig(dir.resolve("bin"), conf, Optional.empty(),
                Path.of(System.getProperty("java.home")), classes, socket, false)).install();
    }

    private static void report(String what, Histogram h) {
        System.out.printf("trellis-cni %s over %d pods: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String run(List<String> argv, String stdin) throws IOException {
        return exec(argv, Map.of("PATH", PATH), stdin);
    }

    private static String exec(List<String> argv, Map<String, String> env, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(argv + " exited " + process.exitValue() + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
