/**
 * The control plane's servers: the gRPC server on 15010 (discovery, certificates, and in local mode the
 * store API) over TLS with a certificate from the mesh CA, the bearer-token check of callers, and the
 * metrics and health server on 15020.
 */
package dev.trellis.controlplane.server;
