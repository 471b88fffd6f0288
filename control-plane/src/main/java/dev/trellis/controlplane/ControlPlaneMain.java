package dev.trellis.controlplane;

import dev.trellis.controlplane.kubernetes.ClusterWatch;
import dev.trellis.controlplane.kubernetes.TokenReviewAuthenticator;
import dev.trellis.core.config.ConfigException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code control-plane}. Exit codes: 2 for a bad setting (the message names it), 1 when it
 * cannot start. Stops cleanly on SIGTERM.
 */
public final class ControlPlaneMain {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneMain.class);

    /** The audience node-agents' and waypoints' projected tokens are minted for (docs/security.md). */
    private static final String TOKEN_AUDIENCE = "trellis";
    private static final java.time.Duration TOKEN_REVIEW_CACHE = java.time.Duration.ofSeconds(30);

    private ControlPlaneMain() {
    }

    /** Kubernetes mode: one client for the informers and TokenReviews, closed with the store source. */
    private static ControlPlane startInCluster(ControlPlaneConfig config) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder().build();
        TokenReviewAuthenticator reviews = new TokenReviewAuthenticator(client, TOKEN_AUDIENCE,
                config.podNamespace(), Clock.systemUTC(), TOKEN_REVIEW_CACHE);
        return ControlPlane.start(config, Clock.systemUTC(), store -> ClusterWatch.startOwning(client, store),
                reviews);
    }

    public static void main(String[] args) throws InterruptedException {
        ControlPlaneConfig config;
        try {
            config = ControlPlaneConfig.fromProcess(args);
        } catch (ConfigException e) {
            System.err.println("control-plane: " + e.getMessage());
            System.exit(2);
            return;
        }
        config.unknownVariables().forEach(v -> log.warn("unknown setting {}, ignored", v));
        ControlPlane running;
        try {
            running = config.store() == ControlPlaneConfig.Store.KUBERNETES
                    ? startInCluster(config)
                    : ControlPlane.start(config, Clock.systemUTC());
        } catch (Exception e) {
            log.error("control-plane: cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            log.info("control-plane: stopping");
            try {
                running.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
