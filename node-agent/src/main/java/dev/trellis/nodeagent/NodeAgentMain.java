package dev.trellis.nodeagent;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code node-agent}. Exit codes: 2 for a bad setting (the message names it), 1 when it
 * cannot start. On SIGTERM it stops accepting and drains (TRELLIS_DRAIN_SECONDS).
 */
public final class NodeAgentMain {
    private static final Logger log = LoggerFactory.getLogger(NodeAgentMain.class);

    private NodeAgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        NodeAgentConfig config;
        try {
            config = NodeAgentConfig.fromProcess(args);
        } catch (IllegalArgumentException e) {
            System.err.println("node-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        NodeAgent agent;
        try {
            agent = NodeAgent.start(config, Clock.systemUTC());
        } catch (Exception e) {
            log.error("node-agent: cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                agent.close();
            } catch (Exception e) {
                log.warn("node-agent: error while stopping: {}", e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
