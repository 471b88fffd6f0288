package dev.trellis.controlplane.kubernetes;

import dev.trellis.controlplane.store.InvalidResourceException;
import dev.trellis.controlplane.store.Kind;
import dev.trellis.controlplane.store.LocalStore;
import dev.trellis.controlplane.store.ObjectKey;
import dev.trellis.controlplane.store.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies informer events for one kind to the {@link LocalStore}, the store that feeds translation and
 * discovery. An object that fails validation is logged with the object and the field and is not applied, so
 * the last good version keeps serving.
 */
final class ClusterMirror implements ResourceEventHandler<GenericKubernetesResource> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMirror.class);

    private final Kind kind;
    private final LocalStore store;
    private final ApiObjectConverter converter;

    ClusterMirror(Kind kind, LocalStore store, ApiObjectConverter converter) {
        this.kind = kind;
        this.store = store;
        this.converter = converter;
    }

    @Override
    public void onAdd(GenericKubernetesResource object) {
        upsert(object);
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
        upsert(newObject);
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
        String namespace = kind.namespaced() ? object.getMetadata().getNamespace() : "";
        store.delete(List.of(ObjectKey.of(kind, namespace, object.getMetadata().getName())));
    }

    private void upsert(GenericKubernetesResource object) {
        Resource resource;
        try {
            resource = converter.convert(object);
        } catch (InvalidResourceException e) {
            LOG.warn("refused {} from the API server, keeping the previous version: {}",
                    kind.kindName(), e.getMessage());
            return;
        }
        store.apply(List.of(resource));
    }
}
