package dev.trellis.ctl.cli;

import dev.trellis.api.sample.v1.EchoGrpc;
import dev.trellis.api.sample.v1.EchoReply;
import dev.trellis.api.sample.v1.EchoRequest;
import dev.trellis.ctl.sample.EchoIdentity;
import dev.trellis.ctl.sample.EchoServer;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl sample ...}: the built-in sample application. */
@Command(name = "sample", description = "Run the built-in sample application (an echo server and a gRPC client).",
        subcommands = {SampleCommand.Echo.class, SampleCommand.GrpcClient.class},
        footer = {"", "Example: meshctl sample echo --port 8080 --version v2"})
public final class SampleCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sample echo}. */
    @Command(name = "echo", description = "Serve HTTP/1.1, h2c and gRPC on one port, answering with this pod's "
            + "name, namespace and version and the request seen, as JSON.",
            footer = {"", "Example: meshctl sample echo --port 8080 --fail-rate 0.5 --delay 100ms"})
    static final class Echo implements Callable<Integer> {
        // Its own --version names the pod's version, so the inherited -V/--version is not added here: --help is.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--name", description = "pod name to report (default: $POD_NAME, or the host name)")
        String name;

        @Option(names = "--version", description = "version to report (default: $VERSION, or v1)")
        String version;

        @Option(names = "--fail-rate", defaultValue = "0", description = "share of requests answered 503, 0-1")
        double failRate;

        @Option(names = "--delay", defaultValue = "0ms", description = "delay before each answer, e.g. 250ms, 2s")
        String delay;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> env = System.getenv();
            EchoIdentity identity = new EchoIdentity(
                    name != null ? name : env.getOrDefault("POD_NAME", hostName()),
                    env.getOrDefault("POD_NAMESPACE", "default"),
                    version != null ? version : env.getOrDefault("VERSION", "v1"),
                    failRate, parseDuration(delay));
            try (EchoServer server = EchoServer.start(port, identity)) {
                spec.commandLine().getOut().println("echo " + identity.pod() + " (" + identity.version()
                        + ") serving HTTP/1.1, h2c and gRPC on port " + server.port());
                spec.commandLine().getOut().flush();
                Thread.currentThread().join();
            }
            return 0;
        }

        private static String hostName() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "echo";
            }
        }
    }

    /** {@code sample grpc-client}. */
    @Command(name = "grpc-client", description = "Call the sample echo server over gRPC and count the answers "
            + "per version.",
            footer = {"", "Example: meshctl sample grpc-client --target echo.shop:8080 --count 100"})
    static final class GrpcClient implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--target", required = true, description = "host:port")
        String target;

        @Option(names = "--count", defaultValue = "1", description = "how many calls (default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--message", defaultValue = "hello", description = "the message to echo")
        String message;

        @Option(names = "--timeout", defaultValue = "5s", description = "deadline per call")
        String timeout;

        @Override
        public Integer call() throws InterruptedException {
            ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
            Map<String, Integer> byVersion = new TreeMap<>();
            Map<String, Integer> failures = new TreeMap<>();
            long deadline = parseDuration(timeout).toMillis();
            try {
                EchoGrpc.EchoBlockingStub stub = EchoGrpc.newBlockingStub(channel);
                for (int i = 0; i < count; i++) {
                    try {
                        EchoReply reply = stub.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                                .echo(EchoRequest.newBuilder().setMessage(message).build());
                        byVersion.merge(reply.getVersion(), 1, Integer::sum);
                        if (count == 1) {
                            spec.commandLine().getOut().println(reply.getPod() + " " + reply.getVersion() + ": "
                                    + reply.getMessage());
                        }
                    } catch (StatusRuntimeException e) {
                        failures.merge(e.getStatus().getCode().name(), 1, Integer::sum);
                    }
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            var out = spec.commandLine().getOut();
            byVersion.forEach((v, n) -> out.println("version " + v + ": " + n));
            failures.forEach((code, n) -> out.println("failed " + code + ": " + n));
            out.flush();
            return failures.isEmpty() ? 0 : 1;
        }
    }

    /** Parses {@code 250ms}, {@code 2s}, {@code 1m}. */
    static Duration parseDuration(String value) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("duration: '" + value + "' (expected: a number with ms, s or m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
