package dev.trellis.controlplane.ca;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateSigner;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * Signs workload certificates and keeps the trust bundle.
 *
 * <p>Root rotation without downtime: {@link #rotateRoot} makes a new root the signer while the old root
 * stays in the bundle, so certificates issued under either verify; proxies renew at half life and so move
 * to the new root by themselves; {@link #retireRoot} then drops the old root from the bundle.
 */
public final class CertificateAuthority {
    /** Certificates start this much in the past, for clocks a little behind ours. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    static final Duration ROOT_VALIDITY = Duration.ofDays(3650);

    private final Clock clock;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final AtomicReference<State> state;

    /** The signer and the roots the mesh trusts, replaced together. */
    private record State(SigningAuthority signer, List<X509Certificate> roots) {
        State {
            roots = List.copyOf(roots);
        }
    }

    public CertificateAuthority(SigningAuthority signer, List<X509Certificate> roots, Duration defaultTtl,
            Duration maxTtl, Clock clock) {
        if (!roots.contains(signer.root())) {
            throw new IllegalArgumentException("trust bundle does not hold the signer's root "
                    + signer.root().getSubjectX500Principal());
        }
        this.state = new AtomicReference<>(new State(signer, roots));
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        this.clock = clock;
    }

    /** A new self-signed root, valid ten years. */
    public static SigningAuthority newRoot(String trustDomain, Clock clock) {
        KeyPair keys = CertificateSigner.newP256KeyPair();
        Instant now = clock.instant();
        X500Name name = new X500Name("O=Trellis,OU=" + trustDomain + ",CN=Trellis root CA " + now.getEpochSecond());
        X509Certificate root = CertificateSigner.sign(
                CertificateSigner.Request.authority(name, keys.getPublic(), now.minus(BACKDATE), now.plus(ROOT_VALIDITY)),
                name, keys.getPrivate());
        return new SigningAuthority(root, keys.getPrivate(), List.of(), root);
    }

    /** Every root the mesh trusts now. */
    public List<X509Certificate> roots() {
        return state.get().roots();
    }

    public SigningAuthority signer() {
        return state.get().signer();
    }

    /**
     * Signs {@code csrPem} for {@code identity}: validates the CSR, then issues a certificate valid for the
     * requested lifetime (the default when zero), capped by the maximum and the signer's own expiry.
     *
     * @return the chain, leaf first, root excluded
     */
    public List<X509Certificate> sign(String csrPem, SpiffeId identity, Duration requestedTtl)
            throws CsrRejectedException {
        if (requestedTtl.isNegative()) {
            throw new CsrRejectedException("ttl", "ttl: " + requestedTtl + " (expected: >= 0)");
        }
        PublicKey key = CsrValidator.validate(csrPem, identity);
        Duration ttl = requestedTtl.isZero() ? defaultTtl : requestedTtl;
        if (ttl.compareTo(maxTtl) > 0) {
            ttl = maxTtl;
        }
        return issue(key, List.of(identity.uri()), List.of(), ttl);
    }

    /** A server certificate for the control plane itself (DNS SANs), with a fresh key. */
    public Issued serverCertificate(List<String> dnsNames, Duration ttl) {
        KeyPair keys = CertificateSigner.newP256KeyPair();
        return new Issued(keys, issue(keys.getPublic(), List.of(), dnsNames, ttl));
    }

    /** A certificate with its key. */
    public record Issued(KeyPair keys, List<X509Certificate> chain) {
    }

    private List<X509Certificate> issue(PublicKey key, List<String> uris, List<String> dnsNames, Duration ttl) {
        SigningAuthority signer = state.get().signer();
        Instant now = clock.instant();
        Instant notAfter = now.plus(ttl);
        Instant signerExpiry = signer.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(signerExpiry)) {
            notAfter = signerExpiry;
        }
        X509Certificate leaf = CertificateSigner.sign(CertificateSigner.Request.leaf(new X500Name(new org.bouncycastle
                        .asn1.x500.RDN[0]), key, now.minus(BACKDATE), notAfter, uris, dnsNames),
                issuerName(signer.certificate()), signer.key());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        if (!signer.isRoot()) {
            chain.add(signer.certificate());
            chain.addAll(signer.chainAboveSigner());
        }
        return List.copyOf(chain);
    }

    /**
     * Starts a root rotation: a new root signs from now on, and joins the bundle next to the old ones.
     *
     * @return the new root
     */
    public X509Certificate rotateRoot(String trustDomain) {
        SigningAuthority next = newRoot(trustDomain, clock);
        state.updateAndGet(s -> {
            List<X509Certificate> roots = new ArrayList<>(s.roots());
            roots.add(next.root());
            return new State(next, roots);
        });
        return next.root();
    }

    /** Ends a rotation: {@code root} leaves the bundle. The signer's own root cannot be retired. */
    public void retireRoot(X509Certificate root) {
        state.updateAndGet(s -> {
            if (s.signer().root().equals(root)) {
                throw new IllegalArgumentException("cannot retire the root that signs now ("
                        + root.getSubjectX500Principal() + "); rotate first");
            }
            List<X509Certificate> roots = new ArrayList<>(s.roots());
            if (!roots.remove(root)) {
                throw new IllegalArgumentException("root " + root.getSubjectX500Principal() + " is not in the bundle");
            }
            return new State(s.signer(), roots);
        });
    }

    private static X500Name issuerName(X509Certificate issuer) {
        try {
            return new JcaX509CertificateHolder(issuer).getSubject();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("unreadable signing certificate", e);
        }
    }
}
