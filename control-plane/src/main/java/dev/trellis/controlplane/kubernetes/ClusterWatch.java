package dev.trellis.controlplane.kubernetes;

import dev.trellis.controlplane.store.Kind;
import dev.trellis.controlplane.store.LocalStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one informer per store {@link Kind} across all namespaces and mirrors what they see into a
 * {@link LocalStore}. Close it to stop the informers.
 */
public final class ClusterWatch implements AutoCloseable {

    private final List<SharedIndexInformer<GenericKubernetesResource>> informers;
    private final AutoCloseable owned;

    private ClusterWatch(List<SharedIndexInformer<GenericKubernetesResource>> informers, AutoCloseable owned) {
        this.informers = informers;
        this.owned = owned;
    }

    /**
     * Connects with the pod's service account (or the kubeconfig outside a cluster) and starts the informers;
     * the client is closed with the watch.
     */
    public static ClusterWatch startInCluster(LocalStore store) {
        return startOwning(new KubernetesClientBuilder().build(), store);
    }

    /** Starts the informers on {@code client} and closes the client with the watch. */
    public static ClusterWatch startOwning(KubernetesClient client, LocalStore store) {
        return start(client, store, client);
    }

    /** Starts the informers; events flow into {@code store} from their own threads. */
    public static ClusterWatch start(KubernetesClient client, LocalStore store) {
        return start(client, store, () -> { });
    }

    private static ClusterWatch start(KubernetesClient client, LocalStore store, AutoCloseable owned) {
        ApiObjectConverter converter = new ApiObjectConverter();
        List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            var resources = client.genericKubernetesResources(WatchedKind.context(kind));
            ClusterMirror mirror = new ClusterMirror(kind, store, converter);
            informers.add(kind.namespaced()
                    ? resources.inAnyNamespace().inform(mirror)
                    : resources.inform(mirror));
        }
        return new ClusterWatch(informers, owned);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Kubernetes client: " + e.getMessage(), e);
        }
    }
}
