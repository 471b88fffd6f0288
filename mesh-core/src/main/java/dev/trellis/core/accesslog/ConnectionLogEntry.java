package dev.trellis.core.accesslog;

import dev.trellis.core.metrics.ConnectionLabels;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished L4 connection: who called whom, over what, how much and how it ended.
 *
 * @param start when the connection was accepted
 * @param duration how long it lived
 * @param labels the identities and names, as the metrics carry them
 * @param sourceAddress the caller's address
 * @param destinationAddress what the caller asked for (the original destination: a VIP or a pod)
 * @param upstreamAddress where the proxy connected, if it did (an endpoint, a waypoint, a tunnel port)
 * @param sentBytes bytes from the caller towards the callee
 * @param receivedBytes bytes from the callee back to the caller
 * @param responseFlags how it ended, {@code -} when normally
 * @param error the failure's message, when it failed
 */
public record ConnectionLogEntry(
        Instant start,
        Duration duration,
        ConnectionLabels labels,
        InetSocketAddress sourceAddress,
        InetSocketAddress destinationAddress,
        Optional<InetSocketAddress> upstreamAddress,
        long sentBytes,
        long receivedBytes,
        String responseFlags,
        Optional<String> error) {

    public ConnectionLogEntry {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(destinationAddress, "destinationAddress");
        Objects.requireNonNull(upstreamAddress, "upstreamAddress");
        Objects.requireNonNull(responseFlags, "responseFlags");
        Objects.requireNonNull(error, "error");
    }
}
