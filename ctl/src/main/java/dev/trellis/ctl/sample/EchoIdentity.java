package dev.trellis.ctl.sample;

import java.time.Duration;

/**
 * Who the echo server says it is, and how it misbehaves.
 *
 * @param pod pod name reported in every answer
 * @param namespace pod namespace
 * @param version the version label (what a canary split is measured by)
 * @param failRate share of requests answered with 503 (gRPC: UNAVAILABLE), 0 to 1
 * @param delay added before every answer
 */
public record EchoIdentity(String pod, String namespace, String version, double failRate, Duration delay) {

    public EchoIdentity {
        if (failRate < 0 || failRate > 1) {
            throw new IllegalArgumentException("--fail-rate: " + failRate + " (expected: 0 to 1)");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("--delay: " + delay + " (expected: >= 0)");
        }
    }
}
