package dev.trellis.core.hbone;

import dev.trellis.core.tls.NotSpiffeCertificateException;
import dev.trellis.core.tls.UntrustedCertificateException;
import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Maps a failed server handshake to the reason it is counted under: first by the exception types the trust
 * manager throws, then by the TLS library's error text (BoringSSL's and the JDK's names for the same alerts).
 */
final class HandshakeFailures {

    private HandshakeFailures() {
    }

    static HboneRejection classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return HboneRejection.NOT_TLS;
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return HboneRejection.CERTIFICATE_EXPIRED;
            }
            if (t instanceof UntrustedCertificateException) {
                return HboneRejection.UNTRUSTED_ROOT;
            }
            if (t instanceof NotSpiffeCertificateException) {
                return HboneRejection.NOT_SPIFFE;
            }
        }
        String text = messages(failure);
        if (text.contains("peer_did_not_return_a_certificate") || text.contains("certificate_required")
                || text.contains("empty client certificate chain") || text.contains("null cert chain")) {
            return HboneRejection.NO_CLIENT_CERTIFICATE;
        }
        if (text.contains("unsupported_protocol") || text.contains("protocol_version")
                || text.contains("no_supported_versions") || text.contains("wrong_version_number")
                || text.contains("protocol tlsv1.2 is not enabled") || text.contains("version")) {
            return HboneRejection.PROTOCOL_VERSION;
        }
        if (text.contains("expired")) {
            return HboneRejection.CERTIFICATE_EXPIRED;
        }
        return HboneRejection.HANDSHAKE_FAILED;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }
}
