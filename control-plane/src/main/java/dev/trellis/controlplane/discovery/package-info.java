/**
 * The control plane's side of discovery (mesh-api {@code trellis.discovery.v1}): one {@link
 * dev.trellis.controlplane.discovery.ProxyStream} per subscribed proxy, which sends a full state, then deltas
 * against what the proxy last ACKed, with at most one response in flight; and {@link
 * dev.trellis.controlplane.discovery.ConnectedProxies}, which knows who is connected and which version each
 * serves (what {@code meshctl apply --wait} and {@code meshctl status} read).
 */
package dev.trellis.controlplane.discovery;
