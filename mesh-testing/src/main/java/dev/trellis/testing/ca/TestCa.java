package dev.trellis.testing.ca;


import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateSigner;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A test certificate authority: a root or an intermediate with its key, issuing ECDSA P-256 certificates.
 * Validity is relative to a fixed {@code now} given at creation, so tests can build expired and future
 * certificates deterministically.
 */
public final class TestCa {

    private static final Duration LEAF_VALIDITY = Duration.ofHours(24);

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    /** This CA's chain up to, but not including, the root (empty for a root). */
    private final List<X509Certificate> chainBelowRoot;
    private final X509Certificate root;
    private final Instant now;

    private TestCa(String name, KeyPair keys, X509Certificate certificate, List<X509Certificate> chainBelowRoot,
            X509Certificate root, Instant now) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
        this.chainBelowRoot = List.copyOf(chainBelowRoot);
        this.root = root;
        this.now = now;
    }

    /** A new self-signed root, valid from an hour ago for ten years. */
    public static TestCa root(String name) {
        return root(name, Instant.now());
    }

    public static TestCa root(String name, Instant now) {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(keys.getPrivate(), new X500Name("O=trellis-test,CN=" + name), new X500Name(
                "O=trellis-test,CN=" + name), keys.getPublic(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(3650)), true, List.of(), List.of());
        return new TestCa(name, keys, cert, List.of(), cert, now);
    }

    /** An intermediate CA signed by this one. */
    public TestCa intermediate(String intermediateName) {
        KeyPair k = newKeyPair();
        X509Certificate cert = sign(keys.getPrivate(), subject(), new X500Name("O=trellis-test,CN=" + intermediateName),
                k.getPublic(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), true, List.of(),
                List.of());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(chainBelowRoot);
        return new TestCa(intermediateName, k, cert, chain, root, now);
    }

    /** A valid workload certificate for {@code id}, valid from an hour ago for 24 hours. */
    public WorkloadCertificate issue(SpiffeId id) {
        return issue(id, now.minus(Duration.ofHours(1)), now.plus(LEAF_VALIDITY));
    }

    /** A workload certificate with the given validity (expired or future ones included). */
    public WorkloadCertificate issue(SpiffeId id, Instant notBefore, Instant notAfter) {
        Credentials c = credentials(List.of(id.uri()), List.of(), notBefore, notAfter);
        return new WorkloadCertificate(id, c.privateKey(), c.chain());
    }

    /** Raw credentials with arbitrary SANs (for certificates a mesh must refuse, e.g. DNS-only). */
    public Credentials credentials(List<String> uriSans, List<String> dnsSans, Instant notBefore, Instant notAfter) {
        KeyPair k = newKeyPair();
        X509Certificate leaf = sign(keys.getPrivate(), subject(), new X500Name("O=trellis-test"), k.getPublic(),
                notBefore, notAfter, false, uriSans, dnsSans);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(chainBelowRoot);
        return new Credentials(k.getPrivate(), chain);
    }

    /** Credentials valid now with only the given DNS name: a certificate without a SPIFFE ID. */
    public Credentials dnsOnly(String dnsName) {
        return credentials(List.of(), List.of(dnsName), now.minus(Duration.ofHours(1)), now.plus(LEAF_VALIDITY));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String name() {
        return name;
    }

    /** A bundle holding this CA's root. */
    public TrustBundle bundle() {
        return TrustBundle.of(root);
    }

    public X509Certificate rootCertificate() {
        return root;
    }

    private X500Name subject() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** A key and chain, leaf first. */
    public record Credentials(PrivateKey privateKey, List<X509Certificate> chain) {
        public Credentials {
            chain = List.copyOf(chain);
        }

        public X509Certificate[] chainArray() {
            return chain.toArray(new X509Certificate[0]);
        }
    }

    private static KeyPair newKeyPair() {
        return CertificateSigner.newP256KeyPair();
    }

    private static X509Certificate sign(PrivateKey issuerKey, X500Name issuer, X500Name subject, PublicKey key,
            Instant notBefore, Instant notAfter, boolean ca, List<String> uris, List<String> dnsNames) {
        return CertificateSigner.sign(new CertificateSigner.Request(subject, key, notBefore, notAfter, ca, uris,
                dnsNames), issuer, issuerKey);
    }
}
