/**
 * The mesh's certificate authority. {@link dev.trellis.controlplane.ca.CertificateAuthority} signs workload
 * certificates (the SPIFFE ID as the only URI SAN) from validated CSRs with the current signing key, and
 * keeps the trust bundle, which holds several roots while one is rotated. {@link
 * dev.trellis.controlplane.ca.CaDirectory} keeps the CA in files (local mode): created with a fresh root on
 * first start, or an operator's intermediate. {@link dev.trellis.controlplane.ca.IssuancePolicy} decides
 * which identities a caller may obtain; {@link dev.trellis.controlplane.ca.CertificateServiceImpl} is the
 * gRPC face (mesh-api {@code trellis.ca.v1}).
 */
package dev.trellis.controlplane.ca;
