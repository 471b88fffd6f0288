package dev.trellis.controlplane.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The key that signs, with its certificate and the chain above it.
 *
 * @param certificate the signing certificate (a root, or an operator's intermediate)
 * @param key its private key
 * @param chainAboveSigner certificates between the signer and the root, nearest first, root excluded (empty
 *     when the signer is the root)
 * @param root the root the signer chains to
 */
public record SigningAuthority(X509Certificate certificate, PrivateKey key, List<X509Certificate> chainAboveSigner,
        X509Certificate root) {
    public SigningAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        chainAboveSigner = List.copyOf(chainAboveSigner);
        Objects.requireNonNull(root, "root");
    }

    /** Whether the signer is the root itself. */
    public boolean isRoot() {
        return certificate.equals(root);
    }
}
