package dev.trellis.controlplane.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TokenReview answers from the mock API server (expectations mode), mapped to caller names. */
@EnableKubernetesMockClient
class TokenReviewAuthenticatorTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

    @Test
    void aNodeAgentTokenNamesItsNodeAndIsCachedBriefly() {
        server.expect().post().withPath(PATH).andReturn(201, review(true, "system:serviceaccount:trellis-system:"
                + "trellis-node-agent", Map.of("authentication.kubernetes.io/node-name", List.of("node-1")))).once();
        var auth = authenticator();
        int before = server.getRequestCount();
        assertThat(auth.apply("tok-1")).contains("node/node-1");
        // The expectation answers once: a second review would fail, so this answer comes from the cache.
        assertThat(auth.apply("tok-1")).contains("node/node-1");
        assertThat(server.getRequestCount() - before).isEqualTo(1);
    }

    @Test
    void aWaypointAccountNamesItsGateway() {
        server.expect().post().withPath(PATH).andReturn(201,
                review(true, "system:serviceaccount:shop:shop-waypoint", Map.of())).once();
        assertThat(authenticator().apply("tok-2")).contains("waypoint/shop/shop-waypoint");
    }

    @Test
    void refusedTokensAndNodeAgentsWithoutANodeAreRefused() {
        server.expect().post().withPath(PATH).andReturn(201, review(false, null, Map.of())).once();
        server.expect().post().withPath(PATH).andReturn(201, review(true, "system:serviceaccount:trellis-system:"
                + "trellis-node-agent", Map.of())).once();
        server.expect().post().withPath(PATH).andReturn(201, review(true, "alice", Map.of())).once();
        var auth = authenticator();
        assertThat(auth.apply("bad")).isEmpty();
        assertThat(auth.apply("no-node")).isEmpty();
        assertThat(auth.apply("a-user")).isEmpty();
    }

    private static TokenReviewAuthenticator authenticator() {
        return new TokenReviewAuthenticator(client, "trellis", "trellis-system", CLOCK, Duration.ofSeconds(30));
    }

    private static TokenReview review(boolean authenticated, String user, Map<String, List<String>> extra) {
        return new TokenReviewBuilder().withNewStatus().withAuthenticated(authenticated).withAudiences("trellis")
                .withNewUser().withUsername(user).withExtra(extra).endUser().endStatus().build();
    }
}
