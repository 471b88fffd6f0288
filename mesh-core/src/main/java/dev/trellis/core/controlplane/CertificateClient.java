package dev.trellis.core.controlplane;

import dev.trellis.api.ca.v1.CertificateServiceGrpc;
import dev.trellis.api.ca.v1.CreateCertificateRequest;
import dev.trellis.api.ca.v1.CreateCertificateResponse;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.CertificateRequests;
import dev.trellis.core.tls.CertificateSigner;
import dev.trellis.core.tls.Pem;
import dev.trellis.core.tls.WorkloadCertificate;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks the control plane's CA for a certificate: a fresh P-256 key (kept in memory only), a CSR naming the
 * identity, one asynchronous call. Never blocks the caller.
 */
public final class CertificateClient {
    private static final long DEADLINE_SECONDS = 15;

    private final CertificateServiceGrpc.CertificateServiceStub stub;

    public CertificateClient(Channel channel) {
        this.stub = CertificateServiceGrpc.newStub(channel);
    }

    public CompletableFuture<WorkloadCertificate> issue(SpiffeId identity) {
        CompletableFuture<WorkloadCertificate> result = new CompletableFuture<>();
        KeyPair keys = CertificateSigner.newP256KeyPair();
        CreateCertificateRequest request = CreateCertificateRequest.newBuilder().setIdentity(identity.uri())
                .setCsrPem(CertificateRequests.csr(keys, identity)).build();
        stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).createCertificate(request, new StreamObserver<>() {
            @Override
            public void onNext(CreateCertificateResponse response) {
                try {
                    List<X509Certificate> chain = new ArrayList<>();
                    response.getCertificateChainPemList().forEach(p -> chain.addAll(Pem.certificates(p)));
                    result.complete(new WorkloadCertificate(identity, keys.getPrivate(), chain));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException("the CA answered nothing"));
            }
        });
        return result;
    }
}
