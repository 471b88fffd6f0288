/**
 * Workload identities of this node's pods: {@link dev.trellis.nodeagent.identity.WorkloadCertificates} holds
 * one certificate per local identity, asked for through a {@link dev.trellis.nodeagent.identity.CertificateIssuer}
 * (the CA client), renewed at half life and dropped when the last pod with that identity leaves. Keys stay in
 * memory only.
 */
package dev.trellis.nodeagent.identity;
