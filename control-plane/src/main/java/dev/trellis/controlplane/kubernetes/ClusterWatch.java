package dev.trellis.controlplane.kubernetes;

import dev.trellis.controlplane.store.Kind;
import dev.trellis.controlplane.store.LocalStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one informer per store {@link Kind} across all namespaces and mirrors what they see into a
 * {@link LocalStore}. Close it to stop the informers.
 */
public final class ClusterWatch implements AutoCloseable {

    private final List<SharedIndexInformer<GenericKubernetesResource>> informers;

    private ClusterWatch(List<SharedIndexInformer<GenericKubernetesResource>> informers) {
        this.informers = informers;
    }

    /** Starts the informers; events flow into {@code store} from their own threads. */
    public static ClusterWatch start(KubernetesClient client, LocalStore store) {
        ApiObjectConverter converter = new ApiObjectConverter();
        List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            var resources = client.genericKubernetesResources(WatchedKind.context(kind));
            ClusterMirror mirror = new ClusterMirror(kind, store, converter);
            informers.add(kind.namespaced()
                    ? resources.inAnyNamespace().inform(mirror)
                    : resources.inform(mirror));
        }
        return new ClusterWatch(informers);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
