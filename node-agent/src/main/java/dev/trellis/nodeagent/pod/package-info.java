/**
 * The data plane inside each captured pod. When the CNI plugin (or the agent's own reconciler) hands a pod
 * over, {@link dev.trellis.nodeagent.pod.PodHandoffs} opens the pod's listeners inside its network namespace:
 * outbound capture on 15001 ({@link dev.trellis.nodeagent.pod.OutboundHandler}), inbound plaintext on 15006
 * and HBONE on 15008 ({@link dev.trellis.nodeagent.pod.InboundTunnels}), and DNS on 15053. Every socket the
 * agent opens for a pod is created inside the pod's namespace by {@link dev.trellis.nodeagent.pod.PodSockets}
 * and carries the agent's mark, so the pod's redirection lets it pass; connections to the app keep the
 * caller's source address (a transparent socket, routed back by the pod's connmark rules).
 */
package dev.trellis.nodeagent.pod;
