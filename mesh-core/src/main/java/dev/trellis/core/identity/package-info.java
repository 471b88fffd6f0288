/**
 * Workload identity: SPIFFE IDs of the form {@code spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>}.
 */
package dev.trellis.core.identity;
