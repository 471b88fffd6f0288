/**
 * The node-agent's DNS proxy. Captured pods' DNS queries (UDP and TCP to port 53) are redirected to it
 * (cni-plugin's rules, port 15053). It answers the names of the mesh's services ({@code
 * <svc>.<ns>.svc.<cluster-domain>}) with their VIPs from the current snapshot, so a pod resolves a service
 * even where no cluster DNS serves it (the lab), and forwards every other query unchanged to the upstream
 * resolver. {@link dev.trellis.nodeagent.dns.ServiceNames} is the pure part: snapshot → name table.
 */
package dev.trellis.nodeagent.dns;
