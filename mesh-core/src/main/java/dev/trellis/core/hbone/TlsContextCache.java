package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.TlsContexts;
import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One TLS context per workload identity and side, rebuilt when the certificate or the bundle changes (a new
 * instance means a rotation). Building a context is costly; handshakes only look it up.
 */
final class TlsContextCache {

    private record Entry(WorkloadCertificate certificate, TrustBundle bundle, SslContext context) {
    }

    private final boolean server;
    private final Clock clock;
    private final ConcurrentHashMap<SpiffeId, Entry> entries = new ConcurrentHashMap<>();

    TlsContextCache(boolean server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    SslContext context(WorkloadCertificate certificate, TrustBundle bundle) {
        Entry e = entries.get(certificate.identity());
        if (e != null && e.certificate() == certificate && e.bundle() == bundle) {
            return e.context();
        }
        SslContext ctx = server ? TlsContexts.server(certificate, bundle, clock)
                : TlsContexts.client(certificate, bundle, clock);
        entries.put(certificate.identity(), new Entry(certificate, bundle, ctx));
        return ctx;
    }

    /** Forgets an identity whose last workload left the node. */
    void remove(SpiffeId identity) {
        entries.remove(identity);
    }
}
