package dev.trellis.controlplane.ca;

import dev.trellis.api.ca.v1.CertificateServiceGrpc;
import dev.trellis.api.ca.v1.CreateCertificateRequest;
import dev.trellis.api.ca.v1.CreateCertificateResponse;
import dev.trellis.controlplane.server.BearerAuthentication;
import dev.trellis.core.identity.InvalidSpiffeIdException;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.Pem;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CreateCertificate}: authenticated caller (from {@link BearerAuthentication}), identity in the trust
 * domain, caller allowed to hold it, CSR valid; then sign. Every refusal is logged and counted by reason.
 */
public final class CertificateServiceImpl extends CertificateServiceGrpc.CertificateServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(CertificateServiceImpl.class);

    private final CertificateAuthority ca;
    private final IssuancePolicy policy;
    private final String trustDomain;
    private final CertificateMetrics metrics;

    public CertificateServiceImpl(CertificateAuthority ca, IssuancePolicy policy, String trustDomain,
            PrometheusRegistry registry) {
        this.ca = ca;
        this.policy = policy;
        this.trustDomain = trustDomain;
        this.metrics = new CertificateMetrics(registry);
    }

    @Override
    public void createCertificate(CreateCertificateRequest request, StreamObserver<CreateCertificateResponse> out) {
        String caller = BearerAuthentication.CALLER.get();
        if (caller == null) {
            refuse(out, "unauthenticated", Status.UNAUTHENTICATED, "no authenticated caller");
            return;
        }
        SpiffeId identity;
        try {
            identity = SpiffeId.parse(request.getIdentity());
        } catch (InvalidSpiffeIdException e) {
            refuse(out, "identity", Status.INVALID_ARGUMENT, "identity: " + e.getMessage());
            return;
        }
        if (!identity.trustDomain().equals(trustDomain)) {
            refuse(out, "identity", Status.INVALID_ARGUMENT, "identity: " + identity.uri()
                    + " is not in the trust domain " + trustDomain);
            return;
        }
        Optional<String> refusal = policy.refusal(caller, identity);
        if (refusal.isPresent()) {
            refuse(out, "not_on_node", Status.PERMISSION_DENIED, refusal.get());
            return;
        }
        List<X509Certificate> chain;
        try {
            chain = ca.sign(request.getCsrPem(), identity, Duration.ofSeconds(request.getTtlSeconds()));
        } catch (CsrRejectedException e) {
            refuse(out, e.reason(), Status.INVALID_ARGUMENT, e.getMessage());
            return;
        }
        metrics.issued();
        log.debug("ca: issued {} to {} until {}", identity.uri(), caller, chain.getFirst().getNotAfter());
        out.onNext(CreateCertificateResponse.newBuilder()
                .addAllCertificateChainPem(chain.stream().map(Pem::encode).toList())
                .addAllTrustBundlePem(ca.roots().stream().map(Pem::encode).toList()).build());
        out.onCompleted();
    }

    private void refuse(StreamObserver<?> out, String reason, Status status, String message) {
        metrics.rejected(reason);
        log.warn("ca: refused a certificate request from {}: {}", BearerAuthentication.CALLER.get(), message);
        out.onError(status.withDescription(message).asRuntimeException());
    }
}
