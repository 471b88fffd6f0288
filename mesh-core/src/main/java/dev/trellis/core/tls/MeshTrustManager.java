package dev.trellis.core.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a peer chain only if it leads to a root of the bundle (PKIX, no revocation: mesh certificates are
 * short-lived instead) and its leaf carries a valid SPIFFE ID. The same rules for both directions; which
 * identity the peer must have is checked above TLS, where it is known per connection.
 *
 * <p>Failures use distinct exception types so that the handshake's failure can be classified and counted:
 * {@link CertificateExpiredException}, {@link CertificateNotYetValidException},
 * {@link UntrustedCertificateException}, and {@link NotSpiffeCertificateException} as the cause of a
 * {@link CertificateException}.
 */
final class MeshTrustManager extends X509ExtendedTrustManager {

    private final TrustBundle bundle;
    private final Clock clock;

    MeshTrustManager(TrustBundle bundle, Clock clock) {
        this.bundle = bundle;
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain);
    }

    /**
     * Empty on purpose: a server that names its roots in the CertificateRequest makes a client holding a
     * certificate from another root send none at all, and the refusal would be counted as "no certificate"
     * instead of "untrusted root". Names of roots are no secret, but they help no one here.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new UntrustedCertificateException("peer presented no certificate", null);
        }
        Date now = Date.from(clock.instant());
        chain[0].checkValidity(now);
        try {
            SpiffeCertificates.identityOf(chain[0]);
        } catch (NotSpiffeCertificateException e) {
            throw e.asCertificateException();
        }
        try {
            var path = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain));
            PKIXParameters params = new PKIXParameters(bundle.anchors());
            params.setRevocationEnabled(false);
            params.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                throw new CertificateExpiredException("a certificate in the peer's chain has expired: " + e.getMessage());
            }
            throw new UntrustedCertificateException("peer chain does not lead to a trusted root: " + e.getMessage(), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new UntrustedCertificateException("trust bundle unusable: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new UntrustedCertificateException("peer chain unreadable: " + e.getMessage(), e);
        }
    }
}
