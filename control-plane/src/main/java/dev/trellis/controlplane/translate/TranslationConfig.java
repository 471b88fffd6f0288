package dev.trellis.controlplane.translate;

import dev.trellis.core.identity.SpiffeId;
import java.util.Objects;

/**
 * What translation needs to know about the mesh.
 *
 * @param trustDomain the SPIFFE trust domain of workload identities
 * @param clusterDomain the DNS suffix of service hostnames ({@code <name>.<ns>.svc.<clusterDomain>})
 * @param rootNamespace the namespace whose authorization policies apply mesh-wide
 */
public record TranslationConfig(String trustDomain, String clusterDomain, String rootNamespace) {

    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    public static final String DEFAULT_ROOT_NAMESPACE = "trellis-system";
    public static final TranslationConfig DEFAULT = new TranslationConfig(
            SpiffeId.DEFAULT_TRUST_DOMAIN, DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE);

    public TranslationConfig {
        Objects.requireNonNull(trustDomain, "trustDomain");
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        Objects.requireNonNull(rootNamespace, "rootNamespace");
    }
}
