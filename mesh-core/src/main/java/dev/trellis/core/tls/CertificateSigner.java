package dev.trellis.core.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds X.509 certificates for the mesh: CA certificates (roots, intermediates) and leaf certificates
 * carrying SPIFFE URI SANs and DNS SANs. Shared by the control plane's CA and the tests' CA so that both
 * issue exactly the same shape of certificate.
 */
public final class CertificateSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {
    }

    /** What to certify. */
    public record Request(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter, boolean ca,
            List<String> uriSans, List<String> dnsSans) {
        public Request {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(key, "key");
            if (!notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("validity: notAfter " + notAfter + " is not after notBefore "
                        + notBefore);
            }
            uriSans = List.copyOf(uriSans);
            dnsSans = List.copyOf(dnsSans);
        }

        /** A leaf certificate for TLS clients and servers. */
        public static Request leaf(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter,
                List<String> uriSans, List<String> dnsSans) {
            return new Request(subject, key, notBefore, notAfter, false, uriSans, dnsSans);
        }

        /** A CA certificate (may sign certificates). */
        public static Request authority(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter) {
            return new Request(subject, key, notBefore, notAfter, true, List.of(), List.of());
        }
    }

    /** A fresh ECDSA P-256 key pair, the mesh's only key type. */
    public static KeyPair newP256KeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 key generator", e);
        }
    }

    /** Signs {@code request} with {@code issuerKey} as {@code issuer} (the subject itself, for a root). */
    public static X509Certificate sign(Request request, X500Name issuer, PrivateKey issuerKey) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
                    Date.from(request.notBefore()), Date.from(request.notAfter()), request.subject(), request.key());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(request.key()));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(request.ca()));
            if (request.ca()) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                List<GeneralName> names = new ArrayList<>();
                request.uriSans().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
                request.dnsSans().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
                if (!names.isEmpty()) {
                    // Critical when the subject is empty, as RFC 5280 requires; SPIFFE leaves have no subject.
                    b.addExtension(Extension.subjectAlternativeName, true,
                            new GeneralNames(names.toArray(new GeneralName[0])));
                }
            }
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign a certificate for " + request.subject() + ": "
                    + e.getMessage(), e);
        }
    }
}
