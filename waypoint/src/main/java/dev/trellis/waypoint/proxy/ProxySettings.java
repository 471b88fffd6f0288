package dev.trellis.waypoint.proxy;

import java.time.Duration;

/**
 * Tunables of the data path.
 *
 * @param upstreamHbonePort the HBONE port of backend endpoints (15008; tests use a free one)
 * @param detectionTimeout how long a silent client may take before its connection is treated as TCP
 * @param maxBodyBytes the largest request or response body buffered (larger ones get 413 / 502)
 * @param rootNamespace authorization policies in this namespace apply to every destination
 */
public record ProxySettings(int upstreamHbonePort, Duration detectionTimeout, int maxBodyBytes, String rootNamespace) {

    public static final ProxySettings DEFAULT = new ProxySettings(15008, Duration.ofSeconds(1), 4 << 20, "trellis-system");
}
