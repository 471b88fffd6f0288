package dev.trellis.nodeagent.controlplane;

import dev.trellis.core.controlplane.CertificateClient;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.nodeagent.identity.CertificateIssuer;
import dev.trellis.nodeagent.identity.IssuedCertificate;
import io.grpc.Channel;
import java.util.concurrent.CompletableFuture;

/** The node-agent's certificate issuer: mesh-core's CA client, its answers as the agent's certificate type. */
public final class GrpcCertificateIssuer implements CertificateIssuer {
    private final CertificateClient client;

    public GrpcCertificateIssuer(Channel channel) {
        this.client = new CertificateClient(channel);
    }

    @Override
    public CompletableFuture<IssuedCertificate> issue(SpiffeId identity) {
        return client.issue(identity).thenApply(c -> new IssuedCertificate(c.identity(), c.privateKey(), c.chain()));
    }
}
