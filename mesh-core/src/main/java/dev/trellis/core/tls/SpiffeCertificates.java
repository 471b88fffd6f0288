package dev.trellis.core.tls;

import dev.trellis.core.identity.InvalidSpiffeIdException;
import dev.trellis.core.identity.SpiffeId;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads the SPIFFE identity of a certificate: exactly one URI SAN, a valid SPIFFE ID; DNS names ignored. */
public final class SpiffeCertificates {

    private static final int SAN_URI = 6;

    private SpiffeCertificates() {
    }

    /**
     * The certificate's SPIFFE ID.
     *
     * @throws NotSpiffeCertificateException when there is no URI SAN, more than one, or it is not a SPIFFE ID
     */
    public static SpiffeId identityOf(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (((Integer) san.get(0)) == SAN_URI) {
                        uris.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new NotSpiffeCertificateException(certificate, "unreadable subject alternative names");
        }
        if (uris.size() != 1) {
            throw new NotSpiffeCertificateException(certificate, uris.isEmpty() ? "no URI SAN"
                    : uris.size() + " URI SANs " + uris + " (expected exactly one)");
        }
        try {
            return SpiffeId.parse(uris.getFirst());
        } catch (InvalidSpiffeIdException e) {
            throw new NotSpiffeCertificateException(certificate, e.getMessage());
        }
    }
}
