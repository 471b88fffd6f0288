package dev.trellis.controlplane.views;

import dev.trellis.api.discovery.v1.Resource;
import dev.trellis.controlplane.translate.MeshModel;
import dev.trellis.core.discovery.ResourceCodec;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workloads and services encoded for discovery, each remembered with the model record it came from. The
 * next model re-encodes only the records that changed; the rest keep their very Resource objects, which
 * makes a delta between two views a walk of identity comparisons.
 */
public final class EncodedResources {
    public static final EncodedResources EMPTY = new EncodedResources(Map.of(), Map.of());

    private record Encoded<T>(T record, Resource resource) {
    }

    private final Map<String, Encoded<Workload>> workloads;
    private final Map<ServiceKey, Encoded<Service>> services;

    private EncodedResources(Map<String, Encoded<Workload>> workloads, Map<ServiceKey, Encoded<Service>> services) {
        this.workloads = workloads;
        this.services = services;
    }

    /** The encoding of {@code model}, reusing this one's resources for unchanged records. */
    EncodedResources next(MeshModel model) {
        Map<String, Encoded<Workload>> w = new HashMap<>(model.workloads().size() * 2);
        model.workloads().forEach((uid, workload) -> {
            Encoded<Workload> old = workloads.get(uid);
            w.put(uid, old != null && old.record().equals(workload) ? old
                    : new Encoded<>(workload, ResourceCodec.encode(workload)));
        });
        Map<ServiceKey, Encoded<Service>> s = new HashMap<>(model.services().size() * 2);
        model.services().forEach((key, service) -> {
            Encoded<Service> old = services.get(key);
            s.put(key, old != null && old.record().equals(service) ? old
                    : new Encoded<>(service, ResourceCodec.encode(service)));
        });
        return new EncodedResources(w, s);
    }

    List<Resource> all() {
        List<Resource> out = new ArrayList<>(workloads.size() + services.size());
        workloads.values().forEach(e -> out.add(e.resource()));
        services.values().forEach(e -> out.add(e.resource()));
        return out;
    }
}
