package dev.trellis.nodeagent.identity;

import dev.trellis.core.identity.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A workload certificate with its private key, as the CA issued it.
 *
 * @param identity the SPIFFE ID the certificate carries
 * @param privateKey the key (ECDSA P-256), kept in memory only
 * @param chain the leaf first, then any intermediates (not the root)
 */
public record IssuedCertificate(SpiffeId identity, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate for " + identity + ": empty chain (expected: leaf first)");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Half way through the validity: when the agent asks for the next one. */
    public Instant renewAt() {
        Duration lifetime = Duration.between(notBefore(), notAfter());
        return notBefore().plus(lifetime.dividedBy(2));
    }

    /** Whether the certificate may be presented at {@code now}. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(notBefore()) && now.isBefore(notAfter());
    }
}
