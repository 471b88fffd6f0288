package dev.trellis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.testing.netns.RootRequirement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading the node-agents of both nodes under live traffic, through meshctl as a user would: a raw TCP
 * stream checked byte for byte and an HTTP keep-alive connection, both crossing the nodes, carry on through
 * {@code meshctl lab upgrade node-agent} of the server's node and then the client's; new connections work
 * meanwhile; each old node-agent exits once its last connection has ended, never resetting one.
 */
class NodeAgentUpgradeTest {
    private static final Meshctl MESHCTL = new Meshctl();
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("samples");
    private static final Pattern PIDS = Pattern.compile("pid (\\d+) -> (\\d+)");

    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        RootRequirement.check();
        assertThat(LeakCheck.leftovers()).as("a lab is already up on this host; run 'meshctl lab down'").isEmpty();
        MESHCTL.run(Duration.ofMinutes(3), "lab", "up", "--nodes", "2").assertOk();
        Files.writeString(dir.resolve("echo_server.py"), """
                import socket, threading
                server = socket.socket()
                server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                server.bind(("0.0.0.0", 9000))
                server.listen(64)
                def serve(c):
                    while True:
                        data = c.recv(65536)
                        if not data:
                            break
                        c.sendall(data)
                    c.close()
                while True:
                    c, _ = server.accept()
                    threading.Thread(target=serve, args=(c,), daemon=True).start()
                """);
        Files.writeString(dir.resolve("stream.py"), """
                import hashlib, os, socket, sys, time
                c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
                sent, got, chunks = hashlib.sha256(), hashlib.sha256(), 0
                end = time.time() + float(sys.argv[3])
                try:
                    while time.time() < end:
                        data = os.urandom(1024)
                        c.sendall(data)
                        sent.update(data)
                        back = b""
                        while len(back) < len(data):
                            part = c.recv(len(data) - len(back))
                            if not part:
                                raise ConnectionError("closed by the peer after %d chunks" % chunks)
                            back += part
                        got.update(back)
                        chunks += 1
                        time.sleep(0.05)
                    c.close()
                except Exception as e:
                    print("ERROR after %d chunks: %r" % (chunks, e))
                    sys.exit(1)
                print("OK %d chunks, %s" % (chunks, "same" if sent.digest() == got.digest() else "DIFFERENT"))
                """);
        Path tcpEcho = dir.resolve("tcp-echo.yaml");
        Files.writeString(tcpEcho, """
                apiVersion: v1
                kind: Pod
                metadata: {name: tcp-echo, namespace: demo, labels: {app: tcp-echo}}
                spec:
                  nodeName: node-2
                  containers:
                    - {name: echo, command: [python3, "%s"]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: tcp-echo, namespace: demo}
                spec:
                  selector: {app: tcp-echo}
                  ports: [{name: tcp, port: 9000, targetPort: 9000}]
                """.formatted(dir.resolve("echo_server.py")));
        MESHCTL.run("apply", "-f", SAMPLES.resolve("echo.yaml").toString(), "-f", tcpEcho.toString(), "--wait")
                .assertOk();
        awaitOk("bash", "-c", "curl -sS -m 3 http://echo/ready && python3 " + dir.resolve("stream.py")
                + " tcp-echo 9000 0.2");
    }

    @AfterAll
    static void down() {
        MESHCTL.run("lab", "down");
    }

    @Test
    void connectionsCarryOnThroughUpgradesOfBothNodesAndTheOldAgentsExitWhenTheyEnd() throws Exception {
        // Lab logs are appended across labs: look only at what this test adds.
        int logBefore = MESHCTL.run("lab", "logs", "node-agent/node-2").assertOk().stdout().length();
        Process stream = exec("python3", dir.resolve("stream.py").toString(), "tcp-echo", "9000", "20");
        Process keepAlive = exec("curl", "-sS", "-o", "/dev/null", "-w", "%{num_connects} %{http_code}\\n",
                "--rate", "4/s", "http://echo/upgrade?[1-60]");
        Thread.sleep(2000);

        long[] server = upgrade("node-2");
        long[] client = upgrade("node-1");
        Meshctl.Result fresh = MESHCTL.run("lab", "exec", "-n", "demo", "client", "--", "curl", "-sS", "-m", "5",
                "http://echo/after-upgrade");
        assertThat(fresh.stdout()).as("a new connection right after both upgrades").contains("\"pod\":\"echo-v1\"");

        assertThat(stream.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String streamed = output(stream);
        assertThat(streamed).as("the TCP stream, byte for byte").startsWith("OK").endsWith("same");
        assertThat(keepAlive.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> answers = output(keepAlive).lines().toList();
        assertThat(answers).hasSize(60).allSatisfy(a -> assertThat(a).endsWith(" 200"));
        assertThat(answers.stream().mapToInt(a -> Integer.parseInt(a.split(" ")[0])).sum())
                .as("all 60 requests on the one keep-alive connection").isEqualTo(1);
        for (long[] pids : List.of(server, client)) {
            ProcessHandle.of(pids[0]).ifPresent(h -> h.onExit().orTimeout(40, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pids[0]).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
        String log = MESHCTL.run("lab", "logs", "node-agent/node-2").assertOk().stdout().substring(logBefore);
        assertThat(log).contains("every connection ended; stopping").doesNotContain("drain time over");
        assertThat(MESHCTL.run("lab", "exec", "-n", "demo", "client", "--", "cat",
                "/proc/sys/net/ipv4/tcp_migrate_req").stdout().strip())
                .as("queued handshakes move to the new listener").isEqualTo("1");
    }

    private static long[] upgrade(String node) {
        Meshctl.Result r = MESHCTL.run(Duration.ofMinutes(2), "lab", "upgrade", "node-agent", "--node", node)
                .assertOk();
        Matcher m = PIDS.matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static Process exec(String... command) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("bin/meshctl").toString(), "lab", "exec", "-n", "demo", "client", "--"));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    private static String output(Process p) throws Exception {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static void awaitOk(String... command) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<String> argv = new java.util.ArrayList<>(List.of("lab", "exec", "-n", "demo", "client", "--"));
            argv.addAll(List.of(command));
            Meshctl.Result r = MESHCTL.run(argv.toArray(String[]::new));
            if (r.exitCode() == 0) {
                return;
            }
            last = r.stdout() + r.stderr();
            Thread.sleep(500);
        }
        throw new AssertionError("the sample never answered: " + last);
    }
}
