package dev.trellis.core.hbone;

import dev.trellis.core.tls.TrustBundle;
import dev.trellis.core.tls.WorkloadCertificate;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sets up an accepted HBONE connection: TLS with the certificate of the workload the connection was made to,
 * then {@link ServerHandshakeHandler}, which adds HTTP/2 once the handshake passed. Usable on any listener,
 * including ones the node-agent opens inside pods' network namespaces.
 */
public final class HboneServerInitializer extends ChannelInitializer<SocketChannel> {

    /** Flushes coalesced at most, while a read batch is being handled, before one goes out. */
    static final int FLUSHES_BEFORE_FLUSH = 64;

    private final CertificateSelector certificates;
    private final Supplier<TrustBundle> bundle;
    private final HboneRequestHandler handler;
    private final HboneSettings settings;
    private final HboneMetrics metrics;
    private final TlsContextCache contexts;

    public HboneServerInitializer(CertificateSelector certificates, Supplier<TrustBundle> bundle,
            HboneRequestHandler handler, HboneSettings settings, HboneMetrics metrics, Clock clock) {
        this.certificates = certificates;
        this.bundle = bundle;
        this.handler = handler;
        this.settings = settings;
        this.metrics = metrics;
        this.contexts = new TlsContextCache(true, clock);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        InetSocketAddress local = ch.localAddress();
        Optional<WorkloadCertificate> cert = certificates.select(local);
        if (cert.isEmpty()) {
            // No local workload at this address (the pod left): nothing to present, so nothing to talk about.
            metrics.rejected(HboneRejection.HANDSHAKE_FAILED);
            ch.close();
            return;
        }
        // Many streams flush small frames: coalesce them into fewer TLS records and syscalls.
        ch.pipeline().addLast("flush", new FlushConsolidationHandler(FLUSHES_BEFORE_FLUSH, false));
        ch.pipeline().addLast("tls", contexts.context(cert.get(), bundle.get()).newHandler(ch.alloc()));
        ch.pipeline().addLast("hbone-handshake", new ServerHandshakeHandler(handler, settings, metrics));
    }
}
