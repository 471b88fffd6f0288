package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.AwaitProxiesResponse;
import dev.trellis.ctl.lab.Lab;
import dev.trellis.ctl.lab.LabException;
import dev.trellis.ctl.lab.LabState;
import dev.trellis.ctl.lab.LabWorkloads;
import dev.trellis.ctl.store.StoreClient;
import dev.trellis.ctl.store.YamlSources;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code meshctl demo} ({@code make demo}): a guided tour of the mesh in the lab, then a clean tear-down:
 * nodes with their node-agents and a control plane, the sample app applied as YAML, a call across nodes
 * over mutual TLS with the caller's address kept, the telemetry that proves it, an L4 policy, and a canary
 * release through a waypoint.
 */
@Command(name = "demo", description = "A guided tour in a local lab: a control plane and two nodes, the sample app "
        + "applied as YAML, calls across nodes over mutual TLS, telemetry, an L4 policy and a canary through a "
        + "waypoint; then everything is removed.",
        footer = {"", "Example: sudo meshctl demo"})
public final class DemoCommand implements Callable<Integer> {

    private static final String DENY = """
            apiVersion: security.trellis.dev/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-client, namespace: demo}
            spec:
              selector: {matchLabels: {app: echo}}
              action: DENY
              rules:
                - from: [{source: {principals: ["cluster.local/ns/demo/sa/client"]}}]
            """;

    private static final String NO_DELETE = """
            apiVersion: security.trellis.dev/v1
            kind: AuthorizationPolicy
            metadata: {name: no-delete, namespace: shop}
            spec:
              selector: {matchLabels: {app: echo}}
              action: DENY
              rules:
                - to: [{operation: {methods: [DELETE]}}]
            """;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Lab lab = LabCommand.lab();
        Path samples = Path.of(System.getProperty("trellis.home", "."), "samples");
        try {
            step(out, "1/7", "Start a lab of two nodes: each node is a network namespace with its own node-agent; "
                    + "a control plane (local store, certificate authority) runs on the host.");
            lab.up(2);
            try (StoreClient store = new StoreClient(new ControlPlaneOptions().target())) {
                step(out, "2/7", "Apply samples/echo.yaml: namespace demo opts in with the label "
                        + "trellis.dev/dataplane-mode=ambient; echo-v1 runs on node-2, a client on node-1. Each pod is "
                        + "a network namespace made by the real CNI chain (bridge, host-local, trellis-cni).");
                for (YamlSources.Source s : YamlSources.read(List.of(samples.resolve("echo.yaml").toString()), System.in)) {
                    ApplyCommand.print(out, store.apply(s).getObjectsList());
                }
                new LabWorkloads(lab, store).reconcile();
                AwaitProxiesResponse acked = store.awaitProxies(Duration.ofSeconds(30));
                out.printf("   %d proxies serve the new configuration%n", acked.getConnected() - acked.getBehindCount());
                LabState.LabPod client = lab.pod("demo", "client");

                step(out, "3/7", "From the client, call the echo service by name. The node-agent captures the call "
                        + "inside the pod and carries it to node-2 in an HBONE tunnel (HTTP/2 CONNECT over mutual TLS); "
                        + "the app sees the client's own address.");
                out.println("   " + curl(client, "--http1.1", "http://echo/hello?from=demo"));
                out.println("   " + curl(client, "--http2-prior-knowledge", "http://echo.demo.svc.cluster.local/h2"));

                step(out, "4/7", "Telemetry: node-1's node-agent counted the connection as mutual TLS, with both "
                        + "identities.");
                exec(client, "curl", "-sS", "-m", "5", "http://198.18.0.11:15020/metrics").lines()
                        .filter(l -> l.startsWith("trellis_tcp_connections_opened_total{") && l.contains("mutual_tls"))
                        .limit(2).forEach(l -> out.println("   " + l));

                step(out, "5/7", "Apply an AuthorizationPolicy that denies the client's identity: the call is reset. "
                        + "Delete it: the call works again.");
                store.apply(new YamlSources.Source("deny-client", DENY));
                store.awaitProxies(Duration.ofSeconds(30));
                out.println("   with the policy: " + exec(client, "curl", "-sS", "-m", "5", "http://echo/denied").strip());
                store.delete(new YamlSources.Source("deny-client", DENY));
                store.awaitProxies(Duration.ofSeconds(30));
                out.println("   without it:      " + curl(client, "--http1.1", "http://echo/allowed"));

                step(out, "6/7", "Apply samples/canary.yaml: namespace shop sends its services' traffic through a "
                        + "waypoint (a Gateway of class trellis-waypoint); an HTTPRoute sends 'x-version: v2' to v2 and "
                        + "splits the rest 90/10. Then an L7 policy, enforced by the waypoint, denies DELETE.");
                for (YamlSources.Source s : YamlSources.read(List.of(samples.resolve("canary.yaml").toString()),
                        System.in)) {
                    ApplyCommand.print(out, store.apply(s).getObjectsList());
                }
                new LabWorkloads(lab, store).reconcile();
                store.awaitProxies(Duration.ofSeconds(30));
                LabState.LabPod shopClient = lab.pod("shop", "client");
                curl(shopClient, "--http1.1", "http://echo/ready");
                String split = exec(shopClient, "bash", "-c",
                        "for i in $(seq 50); do curl -s -m 5 http://echo/split; echo; done");
                long v1 = split.lines().filter(l -> l.contains("\"version\":\"v1\"")).count();
                long v2 = split.lines().filter(l -> l.contains("\"version\":\"v2\"")).count();
                out.printf("   50 requests: %d answered by v1, %d by v2%n", v1, v2);
                out.println("   with x-version: v2: " + exec(shopClient, "curl", "-s", "-m", "5", "-H", "x-version: v2",
                        "http://echo/ab").replaceAll("(?s).*(\"version\":\"v[12]\").*", "$1"));
                store.apply(new YamlSources.Source("no-delete", NO_DELETE));
                store.awaitProxies(Duration.ofSeconds(30));
                String code = "";
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!code.equals("403") && System.nanoTime() < until) {
                    code = exec(shopClient, "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}",
                            "-X", "DELETE", "http://echo/item").strip();
                }
                out.println("   with an L7 policy denying DELETE: DELETE answers HTTP " + code + ", GET answers HTTP "
                        + exec(shopClient, "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}",
                                "http://echo/item").strip());
            }
            return 0;
        } finally {
            step(out, "7/7", "Tear down: every namespace, link and process the lab made is removed.");
            lab.down();
            out.println("   done");
            out.flush();
        }
    }

    private static void step(PrintWriter out, String n, String what) {
        out.println();
        out.println("[" + n + "] " + what);
        out.flush();
    }

    /** Calls from the client pod until the app answers (its JVM takes a moment to start). */
    private static String curl(LabState.LabPod client, String mode, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = exec(client, "curl", "-sS", "--max-time", "3", mode, url).strip();
            if (last.startsWith("{")) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new LabException("the echo app did not answer within 30 s: " + last);
    }

    private static String exec(LabState.LabPod pod, String... argv) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ip", "netns", "exec", pod.netns()));
        command.addAll(List.of(argv));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }
}
