package dev.trellis.ctl.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.api.sample.v1.EchoGrpc;
import dev.trellis.api.sample.v1.EchoReply;
import dev.trellis.api.sample.v1.EchoRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample server against real curl (HTTP/1.1, h2c prior knowledge, h2c upgrade) and a grpc-java client. */
class EchoServerTest {

    private EchoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String curl(String... options) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "5", "-H", "x-test: yes"));
        argv.addAll(List.of(options));
        argv.add("http://127.0.0.1:" + server.port() + "/hello/world?a=1");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void answersHttp1AndH2cWithWhoItIsAndWhatItSaw() throws Exception {
        server = EchoServer.start(0, new EchoIdentity("echo-v2-abc", "shop", "v2", 0, Duration.ZERO));
        for (String[] mode : List.of(new String[] {"--http1.1"}, new String[] {"--http2-prior-knowledge"},
                new String[] {"--http2"})) {
            String body = curl(mode);
            assertThat(body).as("curl %s", String.join(" ", mode))
                    .contains("\"pod\":\"echo-v2-abc\"", "\"namespace\":\"shop\"", "\"version\":\"v2\"",
                            "\"path\":\"/hello/world\"", "\"query\":\"a=1\"", "\"x-test\":[\"yes\"]",
                            "\"method\":\"GET\"");
        }
        assertThat(curl("--http1.1")).contains("\"protocol\":\"HTTP/1.1\"");
        assertThat(curl("--http2-prior-knowledge")).contains("\"protocol\":\"HTTP/2\"");
    }

    @Test
    void simulatedFailuresAnswer503AndUnavailable() throws Exception {
        server = EchoServer.start(0, new EchoIdentity("echo", "shop", "v1", 1.0, Duration.ZERO));
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}")).isEqualTo("503");
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            Assertions.assertThatThrownBy(() -> EchoGrpc.newBlockingStub(channel)
                            .echo(EchoRequest.newBuilder().setMessage("x").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void grpcEchoesTheMessageAndMetadata() throws Exception {
        server = EchoServer.start(0, new EchoIdentity("echo-1", "shop", "v1", 0, Duration.ofMillis(50)));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            long start = System.nanoTime();
            EchoReply reply = EchoGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .echo(EchoRequest.newBuilder().setMessage("hi there").build());
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            assertThat(reply.getMessage()).isEqualTo("hi there");
            assertThat(reply.getPod()).isEqualTo("echo-1");
            assertThat(reply.getVersion()).isEqualTo("v1");
            assertThat(reply.getMetadataMap()).containsKey("user-agent");
        } finally {
            channel.shutdownNow();
        }
    }
}
