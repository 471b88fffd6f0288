package dev.trellis.core.controlplane;

import dev.trellis.core.model.MeshSnapshot;
import dev.trellis.core.tls.Pem;
import dev.trellis.core.tls.TrustBundle;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The trust bundle of the current snapshot, parsed once per snapshot version. */
public final class TrustBundles implements Supplier<TrustBundle> {
    private final Supplier<MeshSnapshot> snapshots;
    private volatile Parsed parsed = new Parsed(null, null);

    private record Parsed(String version, TrustBundle bundle) {
    }

    public TrustBundles(Supplier<MeshSnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    /** The roots of the current snapshot; fails when discovery has delivered none yet. */
    @Override
    public TrustBundle get() {
        MeshSnapshot s = snapshots.get();
        Parsed p = parsed;
        if (s.version().equals(p.version())) {
            return p.bundle();
        }
        List<X509Certificate> roots = new ArrayList<>();
        s.trustBundlePem().forEach(pem -> roots.addAll(Pem.certificates(pem)));
        if (roots.isEmpty()) {
            throw new IllegalStateException("no trust bundle from discovery yet");
        }
        TrustBundle bundle = new TrustBundle(roots);
        parsed = new Parsed(s.version(), bundle);
        return bundle;
    }
}
