package dev.trellis.core.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** A certificate that does not carry exactly one valid SPIFFE URI SAN. */
public final class NotSpiffeCertificateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSpiffeCertificateException(X509Certificate certificate, String reason) {
        super("certificate '" + certificate.getSubjectX500Principal() + "' has no usable SPIFFE ID: " + reason);
    }

    /** The same failure as the checked type a TrustManager must throw. */
    CertificateException asCertificateException() {
        return new CertificateException(getMessage(), this);
    }
}
