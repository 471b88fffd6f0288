package dev.trellis.controlplane.server;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The gRPC server's TLS: the control plane's own certificate from the mesh CA, TLS 1.3, ALPN h2. Callers
 * authenticate with bearer tokens, not client certificates (a node-agent has no certificate of its own
 * before it first talks to the CA).
 */
public final class ServerTls {
    private ServerTls() {
    }

    public static SslContext context(PrivateKey key, List<X509Certificate> chain) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)))
                    .protocols("TLSv1.3").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the control plane's TLS context: " + e.getMessage(), e);
        }
    }
}
