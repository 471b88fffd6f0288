package dev.trellis.nodeagent.identity;

import dev.trellis.core.identity.SpiffeId;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed workload certificates with chosen validity, for cache tests (one P-256 key for all). */
final class TestCertificates {

    private static final KeyPair KEY = generate();
    private static final AtomicLong SERIAL = new AtomicLong(1);

    private TestCertificates() {
    }

    static IssuedCertificate issue(SpiffeId identity, Instant notBefore, Duration validity) {
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name("O=trellis-test"),
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), new X500Name("O=trellis-test"), KEY.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, true,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri())));
            var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate()));
            return new IssuedCertificate(identity, KEY.getPrivate(),
                    List.of(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
