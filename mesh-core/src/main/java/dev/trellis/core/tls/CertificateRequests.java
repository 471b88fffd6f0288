package dev.trellis.core.tls;

import dev.trellis.core.identity.SpiffeId;
import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificate signing requests as proxies send them to the CA: the SPIFFE ID as the only SAN. */
public final class CertificateRequests {
    private CertificateRequests() {
    }

    /** A PEM CSR for {@code identity}, signed with {@code keys}. */
    public static String csr(KeyPair keys, SpiffeId identity) {
        return csr(keys, new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri())));
    }

    /** A PEM CSR with arbitrary SANs (tests use it to build requests the CA must refuse). */
    public static String csr(KeyPair keys, GeneralNames sans) {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, true, sans);
            var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                    keys.getPublic()).addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                    extensions.generate());
            String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            var request = builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(request);
            }
            return out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build a CSR: " + e.getMessage(), e);
        }
    }
}
