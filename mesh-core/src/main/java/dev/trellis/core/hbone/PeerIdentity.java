package dev.trellis.core.hbone;

import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.tls.SpiffeCertificates;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The verified SPIFFE identity of the peer of an HBONE connection, kept on the connection channel. */
public final class PeerIdentity {

    static final AttributeKey<SpiffeId> KEY = AttributeKey.valueOf("trellis.peerIdentity");

    private PeerIdentity() {
    }

    /** The peer's identity from a finished handshake (the trust manager already checked the chain). */
    static SpiffeId from(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        return SpiffeCertificates.identityOf((X509Certificate) chain[0]);
    }

    /** The identity of the peer of {@code channel}, or of its parent connection for a stream. */
    public static Optional<SpiffeId> of(Channel channel) {
        for (Channel c = channel; c != null; c = c.parent()) {
            SpiffeId id = c.attr(KEY).get();
            if (id != null) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
