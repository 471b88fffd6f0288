package dev.trellis.core.tls;

import dev.trellis.core.identity.SpiffeId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A workload's credentials: its identity, private key and certificate chain (leaf first, then any
 * intermediates; the root is in the trust bundle). Immutable; a renewal produces a new instance, which is how
 * TLS contexts notice a rotation.
 */
public record WorkloadCertificate(SpiffeId identity, PrivateKey privateKey, List<X509Certificate> chain) {

    public WorkloadCertificate {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the leaf certificate first)");
        }
        SpiffeId inLeaf = SpiffeCertificates.identityOf(chain.getFirst());
        if (!inLeaf.equals(identity)) {
            throw new IllegalArgumentException("chain: leaf names " + inLeaf + " (expected: " + identity + ")");
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

    /** Halfway through the validity: when renewal is due. */
    public Instant halfLife() {
        return notBefore().plus(java.time.Duration.between(notBefore(), notAfter()).dividedBy(2));
    }

    @Override
    public String toString() {
        return "WorkloadCertificate[" + identity + ", expires " + notAfter() + "]";
    }
}
