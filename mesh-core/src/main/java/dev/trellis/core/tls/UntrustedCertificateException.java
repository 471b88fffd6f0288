package dev.trellis.core.tls;

import java.security.cert.CertificateException;

/** A peer chain that does not lead to any root of the trust bundle (or is malformed). */
public final class UntrustedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
