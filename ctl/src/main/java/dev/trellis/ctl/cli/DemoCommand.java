package dev.trellis.ctl.cli;

import dev.trellis.ctl.lab.Lab;
import dev.trellis.ctl.lab.LabException;
import dev.trellis.ctl.lab.LabState;
import dev.trellis.ctl.lab.PodRuntime;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code meshctl demo} ({@code make demo}): a guided tour of what runs today, in the lab, then a clean
 * tear-down. It grows with the mesh: the mTLS, canary and policy steps join as those parts land.
 */
@Command(name = "demo", description = "A guided tour in a local lab: nodes, pods wired by the real CNI chain, "
        + "the sample app answering across nodes; then everything is removed.",
        footer = {"", "Example: sudo meshctl demo"})
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Lab lab = LabCommand.lab();
        String meshctl = Path.of(System.getProperty("trellis.home", "."), "bin", "meshctl").toString();
        try {
            step(out, "1/4", "Start a lab of two nodes: each node is a network namespace on a shared bridge.");
            lab.up(2);
            step(out, "2/4", "Run the sample echo app on node-2 and a client on node-1; each pod is a network "
                    + "namespace wired by Debian's bridge and host-local CNI plugins, as a runtime would.");
            LabState.LabPod echo = lab.runPod(new PodRuntime.PodSpec("demo", "echo-v1", "", 2,
                    List.of(meshctl, "sample", "echo", "--port", "8080", "--version", "v1"), Map.of()), List.of());
            LabState.LabPod client = lab.runPod(new PodRuntime.PodSpec("demo", "client", "", 1, List.of("sleep", "300"),
                    Map.of()), List.of(echo.ips().getFirst() + " echo echo.demo echo.demo.svc.cluster.local"));
            out.printf("   echo-v1 on node-2 at %s, client on node-1 at %s%n", echo.ips(), client.ips());
            step(out, "3/4", "From the client pod, call the echo app across nodes by name (curl, HTTP/1.1 and h2c).");
            out.println("   " + curl(client, "--http1.1"));
            out.println("   " + curl(client, "--http2-prior-knowledge"));
            out.println("   (the mesh's own steps, mTLS between pods, canary split, policies, join here as they land)");
            return 0;
        } finally {
            step(out, "4/4", "Tear down: every namespace, link and process the lab made is removed.");
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

    /** Calls the echo app from the client pod until it answers (its JVM takes a moment to start). */
    private static String curl(LabState.LabPod client, String mode) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("ip", "netns", "exec", client.netns(), "curl", "-sS", "--max-time", "2",
                    mode, "http://echo:8080/hello?from=demo").redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0 && last.startsWith("{")) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new LabException("the echo app did not answer within 30 s: " + last);
    }
}
