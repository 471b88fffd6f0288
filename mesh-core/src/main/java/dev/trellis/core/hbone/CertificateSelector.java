package dev.trellis.core.hbone;

import dev.trellis.core.tls.WorkloadCertificate;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Which local workload's certificate the server presents, chosen by the address the connection was made to
 * (a pod's IP, since each pod's HBONE listener lives in its namespace). Read on every handshake, so a renewed
 * certificate is used from the next handshake on.
 */
@FunctionalInterface
public interface CertificateSelector {

    Optional<WorkloadCertificate> select(InetSocketAddress localAddress);
}
