package dev.trellis.nodeagent.identity;

import dev.trellis.core.identity.SpiffeId;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the CA for a certificate (the CA client implements it: a fresh key, a CSR, the gRPC call).
 * Must not block the caller: return at once and complete the future later.
 */
@FunctionalInterface
public interface CertificateIssuer {

    CompletableFuture<IssuedCertificate> issue(SpiffeId identity);
}
