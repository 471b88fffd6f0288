package dev.trellis.controlplane.discovery;

import java.time.Instant;
import java.util.Optional;

/**
 * One connected proxy as the control plane sees it.
 *
 * @param instance the proxy's own description of itself (pod, pid)
 * @param ackedVersion the version it serves ("" before its first ACK)
 * @param lastNack the reason it gave for the last refused response, if its latest answer was a NACK
 */
public record ProxyStatus(ProxyId proxy, String instance, Instant connectedAt, String ackedVersion,
        Optional<String> lastNack) {
}
