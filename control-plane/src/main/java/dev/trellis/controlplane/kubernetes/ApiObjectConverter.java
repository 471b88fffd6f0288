package dev.trellis.controlplane.kubernetes;

import dev.trellis.controlplane.store.InvalidResourceException;
import dev.trellis.controlplane.store.Resource;
import dev.trellis.controlplane.store.ResourceDecoder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * The edge between fabric8 and the store: turns an object read from the API server into a plain tree and
 * decodes it with the same decoder (and the same checks) the local store uses.
 */
final class ApiObjectConverter {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /**
     * Converts one API object.
     *
     * @throws InvalidResourceException naming the object and the field that is wrong
     */
    Resource convert(HasMetadata object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = serialization.convertValue(object, Map.class);
        return ResourceDecoder.decodeFromApiServer(tree);
    }
}
