package dev.trellis.controlplane.translate;

import dev.trellis.core.identity.SpiffeId;
import java.util.HashMap;
import java.util.Map;

/**
 * The SPIFFE IDs of one translation, made once per service account: a hundred thousand pods share a few
 * thousand accounts, and making (and validating) an ID per pod was a tenth of a translation. Not thread-safe:
 * one translation, one thread.
 */
final class Identities {
    private final String trustDomain;
    private final Map<String, Map<String, SpiffeId>> byNamespace = new HashMap<>();

    Identities(String trustDomain) {
        this.trustDomain = trustDomain;
    }

    SpiffeId of(String namespace, String serviceAccount) {
        return byNamespace.computeIfAbsent(namespace, n -> new HashMap<>())
                .computeIfAbsent(serviceAccount, sa -> new SpiffeId(trustDomain, namespace, sa));
    }
}
