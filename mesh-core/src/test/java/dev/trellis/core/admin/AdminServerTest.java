package dev.trellis.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AdminServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesEndpointsOnItsOwnThreadWithDecodedQuery() {
        AtomicReference<String> thread = new AtomicReference<>();
        server = AdminServer.builder("admin", ANY_PORT)
                .endpoint("/echo", request -> {
                    thread.set(Thread.currentThread().getName());
                    return AdminResponse.json(200, Map.of("method", request.method(),
                            "who", request.parameter("who").orElse("-")));
                })
                .start();

        HttpResponse<String> response = AdminHttp.get(server.port(), "/echo?who=a%20b%26c");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"method\":\"GET\",\"who\":\"a b&c\"}\n");
        assertThat(thread.get()).isEqualTo("trellis-admin-http");
    }

    @Test
    void indexListsEndpointsAndUnknownPathIs404() {
        server = AdminServer.builder("admin", ANY_PORT)
                .endpoint("/b", r -> AdminResponse.text(200, "b"))
                .endpoint("/a", r -> AdminResponse.text(200, "a"))
                .start();

        assertThat(AdminHttp.get(server.port(), "/").body()).isEqualTo("{\"endpoints\":[\"/b\",\"/a\"]}\n");
        HttpResponse<String> missing = AdminHttp.get(server.port(), "/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no admin endpoint at /nope").contains("\"/b\"");
        assertThat(AdminHttp.get(server.port(), "/a/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void failingEndpointAnswers500AndServerKeepsServing() {
        server = AdminServer.builder("admin", ANY_PORT)
                .endpoint("/boom", r -> {
                    throw new IllegalStateException("store not loaded");
                })
                .endpoint("/ok", r -> AdminResponse.text(200, "fine"))
                .start();

        HttpResponse<String> boom = AdminHttp.get(server.port(), "/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("/boom failed").contains("store not loaded");
        assertThat(AdminHttp.get(server.port(), "/ok").body()).isEqualTo("fine");
    }

    @Test
    void bindFailureNamesTheAddress() {
        server = AdminServer.builder("admin", ANY_PORT).start();
        InetSocketAddress taken = server.address();
        assertThatThrownBy(() -> AdminServer.builder("metrics", taken).start())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("metrics server: cannot listen on 127.0.0.1:" + taken.getPort());
    }

    @Test
    void rejectsBadPathsAndDuplicates() {
        var builder = AdminServer.builder("admin", ANY_PORT).endpoint("/x", r -> AdminResponse.text(200, ""));
        assertThatThrownBy(() -> builder.endpoint("/x", r -> AdminResponse.text(200, "")))
                .hasMessage("path: '/x' registered twice");
        assertThatThrownBy(() -> builder.endpoint("x", r -> AdminResponse.text(200, "")))
                .hasMessage("path: 'x' (expected: starts with /)");
    }

    @Test
    void loggingEndpointChangesLogbackLevelsAtRunTime() {
        org.slf4j.Logger probe = LoggerFactory.getLogger("dev.trellis.probe");
        LogbackLevels levels = LogbackLevels.ofRunningContext();
        levels.set("dev.trellis.probe", "info");
        server = AdminServer.builder("admin", ANY_PORT).endpoint("/logging", new LoggingEndpoint(levels)).start();
        assertThat(probe.isDebugEnabled()).isFalse();

        HttpResponse<String> changed = AdminHttp.post(server.port(), "/logging?logger=dev.trellis.probe&level=DEBUG");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"changed\":{\"dev.trellis.probe\":\"debug\"}")
                .contains("\"dev.trellis.probe\":\"debug\"");
        assertThat(probe.isDebugEnabled()).isTrue();
        assertThat(AdminHttp.get(server.port(), "/logging").body()).contains("\"dev.trellis.probe\":\"debug\"");
    }

    @Test
    void loggingEndpointRefusesGetChangesAndUnknownLevels() {
        LogbackLevels levels = LogbackLevels.ofRunningContext();
        levels.set("dev.trellis.probe2", "warn");
        server = AdminServer.builder("admin", ANY_PORT).endpoint("/logging", new LoggingEndpoint(levels)).start();

        HttpResponse<String> viaGet = AdminHttp.get(server.port(), "/logging?logger=dev.trellis.probe2&level=trace");
        HttpResponse<String> bad = AdminHttp.post(server.port(), "/logging?logger=dev.trellis.probe2&level=loud");

        assertThat(viaGet.statusCode()).isEqualTo(405);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("level: 'loud' (expected: one of trace");
        assertThat(LoggerFactory.getLogger("dev.trellis.probe2").isInfoEnabled()).isFalse();
        assertThat(levels.levels()).containsEntry("dev.trellis.probe2", "warn");
    }

    @Test
    void configDumpShowsEverySectionOrOne() {
        Map<String, Dumpable> sections = new LinkedHashMap<>();
        AtomicReference<String> version = new AtomicReference<>("1");
        sections.put("snapshot", () -> Map.of("version", version.get()));
        sections.put("pods", () -> java.util.List.of("a", "b"));
        server = AdminServer.builder("admin", ANY_PORT)
                .endpoint("/config_dump", ConfigDumpEndpoint.of(sections)).start();

        assertThat(AdminHttp.get(server.port(), "/config_dump").body())
                .isEqualTo("{\"snapshot\":{\"version\":\"1\"},\"pods\":[\"a\",\"b\"]}\n");
        version.set("2");
        assertThat(AdminHttp.get(server.port(), "/config_dump?section=snapshot").body())
                .isEqualTo("{\"snapshot\":{\"version\":\"2\"}}\n");
        HttpResponse<String> missing = AdminHttp.get(server.port(), "/config_dump?section=routes");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no config_dump section 'routes'");
    }
}
