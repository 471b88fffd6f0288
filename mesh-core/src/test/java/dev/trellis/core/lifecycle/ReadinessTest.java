package dev.trellis.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.admin.AdminHttp;
import dev.trellis.core.admin.AdminServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void readyOnlyWhenEveryBlockerIsClosed() {
        Readiness readiness = new Readiness();
        assertThat(readiness.isReady()).isTrue();

        Readiness.Blocker discovery = readiness.block("discovery: first snapshot");
        Readiness.Blocker certs = readiness.block("certificates");
        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.blockers()).containsExactly("discovery: first snapshot", "certificates");

        discovery.close();
        discovery.close();
        assertThat(readiness.blockers()).containsExactly("certificates");
        try (certs) {
            assertThat(readiness.isReady()).isFalse();
        }
        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void blockersWithTheSameNameAreCountedApart() {
        Readiness readiness = new Readiness();
        Readiness.Blocker a = readiness.block("pod");
        Readiness.Blocker b = readiness.block("pod");
        a.close();
        assertThat(readiness.blockers()).containsExactly("pod");
        b.close();
        assertThat(readiness.isReady()).isTrue();
    }

    @Test
    void endpointAnswers503WithBlockersThen200() {
        Readiness readiness = new Readiness();
        Readiness.Blocker blocker = readiness.block("listeners");
        try (AdminServer server = AdminServer.builder("readiness",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .endpoint(ReadinessEndpoint.PATH, new ReadinessEndpoint(readiness)).start()) {
            HttpResponse<String> notReady = AdminHttp.get(server.port(), "/healthz/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("{\"blockers\":[\"listeners\"],\"ready\":false}\n");

            blocker.close();
            HttpResponse<String> ready = AdminHttp.get(server.port(), "/healthz/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready\n");
        }
    }
}
