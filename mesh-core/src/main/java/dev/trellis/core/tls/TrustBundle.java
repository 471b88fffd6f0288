package dev.trellis.core.tls;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roots a peer's chain must lead to. Holds several during a root rotation: peers signed by the old or
 * the new root are both accepted until the old root is removed.
 */
public record TrustBundle(List<X509Certificate> roots) {

    public TrustBundle {
        roots = List.copyOf(roots);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("trust bundle: no roots (expected: at least one CA certificate)");
        }
        for (X509Certificate root : roots) {
            if (root.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("trust bundle: " + root.getSubjectX500Principal()
                        + " is not a CA certificate");
            }
        }
    }

    public static TrustBundle of(X509Certificate... roots) {
        return new TrustBundle(List.of(roots));
    }

    /** A bundle with {@code root} added (for the first step of a root rotation). */
    public TrustBundle with(X509Certificate root) {
        Set<X509Certificate> all = new LinkedHashSet<>(roots);
        all.add(root);
        return new TrustBundle(List.copyOf(all));
    }

    Set<TrustAnchor> anchors() {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        return anchors;
    }
}
