/**
 * What every proxy needs to talk to the control plane: the TLS channel carrying the proxy's bearer token
 * ({@link dev.trellis.core.controlplane.ControlPlaneChannel}), the CA client that obtains workload
 * certificates with keys that never leave memory ({@link dev.trellis.core.controlplane.CertificateClient}),
 * and the trust bundle of the current discovery snapshot ({@link dev.trellis.core.controlplane.TrustBundles}).
 */
package dev.trellis.core.controlplane;
