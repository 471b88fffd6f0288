package dev.trellis.core.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the mesh's TLS contexts: TLS 1.3 only, AES-GCM, ALPN {@code h2}, the workload's certificate, the
 * bundle's roots through {@link MeshTrustManager}. Servers require a client certificate. BoringSSL
 * (netty-tcnative) when it loads, the JDK's TLS otherwise (logged once).
 */
public final class TlsContexts {

    static final String TLS_13 = "TLSv1.3";
    /** Offered to the JDK provider; BoringSSL fixes its TLS 1.3 suites itself (AES-GCM first on AES-NI CPUs). */
    static final List<String> CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");

    /** OpenSSL 1.1.1 (BoringSSL reports a higher number): the first with TLS 1.3. */
    private static final long BORINGSSL_OR_OPENSSL_111 = 0x10101000L;
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    /** BoringSSL cannot fail the handshake on ALPN mismatch itself; both ends check for h2 right after it. */
    private static final ApplicationProtocolConfig ALPN_H2 = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2);

    private TlsContexts() {
    }

    /** The TLS provider this process uses. */
    public static SslProvider provider() {
        return ProviderHolder.PROVIDER;
    }

    /** A server context presenting {@code certificate}, requiring a client certificate from {@code bundle}. */
    public static SslContext server(WorkloadCertificate certificate, TrustBundle bundle, Clock clock) {
        try {
            return SslContextBuilder.forServer(certificate.privateKey(), certificate.chain().toArray(new X509Certificate[0]))
                    .sslProvider(provider())
                    .protocols(TLS_13)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(new MeshTrustManager(bundle, clock))
                    .applicationProtocolConfig(ALPN_H2)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build server TLS context for " + certificate.identity() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A client context presenting {@code certificate}, accepting servers whose chain leads to {@code bundle}. */
    public static SslContext client(WorkloadCertificate certificate, TrustBundle bundle, Clock clock) {
        try {
            return SslContextBuilder.forClient()
                    .keyManager(certificate.privateKey(), certificate.chain().toArray(new X509Certificate[0]))
                    .sslProvider(provider())
                    .protocols(TLS_13)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .trustManager(new MeshTrustManager(bundle, clock))
                    .applicationProtocolConfig(ALPN_H2)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build client TLS context for " + certificate.identity() + ": "
                    + e.getMessage(), e);
        }
    }

    private static final class ProviderHolder {
        static final SslProvider PROVIDER = choose();

        private static SslProvider choose() {
            if (!Boolean.getBoolean("trellis.tls.jdk") && OpenSsl.isAvailable() && OpenSsl.version() >= BORINGSSL_OR_OPENSSL_111) {
                LOG.debug("TLS: {} via netty-tcnative", OpenSsl.versionString());
                return SslProvider.OPENSSL;
            }
            LOG.warn("TLS: BoringSSL unavailable ({}); falling back to the JDK's TLS, which is slower",
                    OpenSsl.unavailabilityCause() == null ? "its build lacks TLS 1.3" : OpenSsl.unavailabilityCause().toString());
            return SslProvider.JDK;
        }
    }
}
