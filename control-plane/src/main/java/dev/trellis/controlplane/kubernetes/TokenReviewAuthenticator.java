package dev.trellis.controlplane.kubernetes;

import dev.trellis.controlplane.ca.IssuancePolicy;
import dev.trellis.controlplane.server.BearerTokens;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a projected service-account token with a TokenReview for the mesh audience and names the
 * caller the way the token files do: the node-agent's account ({@code <mesh namespace>/trellis-node-agent})
 * becomes {@code node/<node>} from the review's {@code authentication.kubernetes.io/node-name} extra; any
 * other account {@code <ns>/<name>} is taken as the waypoint of Gateway {@code <ns>/<name>} (waypoints run
 * as a service account named after their Gateway). Results, refusals included, are cached briefly so a
 * reconnecting proxy does not cost a review per call.
 */
public final class TokenReviewAuthenticator implements Function<String, Optional<String>> {

    static final String NODE_AGENT_ACCOUNT = "trellis-node-agent";
    static final String NODE_NAME_EXTRA = "authentication.kubernetes.io/node-name";
    private static final String SA_PREFIX = "system:serviceaccount:";
    private static final Logger LOG = LoggerFactory.getLogger(TokenReviewAuthenticator.class);

    private final KubernetesClient client;
    private final String audience;
    private final String meshNamespace;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<String> caller, Instant until) {
    }

    public TokenReviewAuthenticator(KubernetesClient client, String audience, String meshNamespace, Clock clock,
            Duration cacheFor) {
        this.client = client;
        this.audience = audience;
        this.meshNamespace = meshNamespace;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    /** The caller name for {@code token}, or empty when the API server does not vouch for it. */
    @Override
    public Optional<String> apply(String token) {
        String key = BearerTokens.sha256(token);
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && now.isBefore(hit.until())) {
            return hit.caller();
        }
        cache.values().removeIf(c -> !now.isBefore(c.until()));
        Optional<String> caller = review(token);
        cache.put(key, new Cached(caller, now.plus(cacheFor)));
        return caller;
    }

    private Optional<String> review(String token) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience)
                .endSpec().build();
        TokenReviewStatus status;
        try {
            status = client.resource(request).create().getStatus();
        } catch (KubernetesClientException e) {
            LOG.warn("TokenReview failed, refusing the caller: {}", e.getMessage());
            return Optional.empty();
        }
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
            return Optional.empty();
        }
        if (status.getAudiences() != null && !status.getAudiences().isEmpty()
                && !status.getAudiences().contains(audience)) {
            return refuse("token audiences " + status.getAudiences() + " (expected: " + audience + ")");
        }
        return caller(status);
    }

    private Optional<String> caller(TokenReviewStatus status) {
        String user = status.getUser() == null ? null : status.getUser().getUsername();
        if (user == null || !user.startsWith(SA_PREFIX) || user.split(":").length != 4) {
            return refuse("user " + user + " (expected: " + SA_PREFIX + "<namespace>:<name>)");
        }
        String[] parts = user.split(":");
        String namespace = parts[2];
        String account = parts[3];
        if (namespace.equals(meshNamespace) && account.equals(NODE_AGENT_ACCOUNT)) {
            Map<String, List<String>> extra = status.getUser().getExtra();
            List<String> nodes = extra == null ? null : extra.get(NODE_NAME_EXTRA);
            if (nodes == null || nodes.size() != 1 || nodes.getFirst().isBlank()) {
                return refuse("node-agent token without " + NODE_NAME_EXTRA + " (expected: a node-bound token)");
            }
            return Optional.of(IssuancePolicy.NODE_PREFIX + nodes.getFirst());
        }
        return Optional.of(IssuancePolicy.WAYPOINT_PREFIX + namespace + "/" + account);
    }

    private static Optional<String> refuse(String why) {
        LOG.warn("TokenReview: refusing {}", why);
        return Optional.empty();
    }
}
