package dev.trellis.controlplane.discovery;

import dev.trellis.api.discovery.v1.Resource;
import dev.trellis.core.discovery.ResourceCodec;
import dev.trellis.core.discovery.ResourceSet;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small model resources for the tests. */
final class Resources {
    private Resources() {
    }

    static Resource workload(String uid, String ip) {
        return ResourceCodec.encode(new Workload(uid, "pod-" + uid, "demo", SpiffeId.of("demo", "sa-" + uid), "node-1",
                List.of(InetAddress.ofLiteral(ip)), true, Optional.empty(), Map.of("app", uid),
                Workload.WorkloadStatus.HEALTHY));
    }

    static Resource service(String name, String vip, String endpointUid, String endpointIp) {
        return ResourceCodec.encode(new Service(new ServiceKey("demo", name), name + ".demo.svc.cluster.local",
                List.of(InetAddress.ofLiteral(vip)), List.of(new ServicePort("http", 80, 8080, Optional.empty())),
                List.of(new Endpoint(endpointUid, InetAddress.ofLiteral(endpointIp), true)), Optional.empty(),
                TrafficPolicy.DEFAULT));
    }

    /** A workload the client cannot decode: its identity is not a SPIFFE ID. */
    static Resource brokenWorkload(String uid) {
        Resource good = workload(uid, "198.18.0.99");
        return good.toBuilder().setWorkload(good.getWorkload().toBuilder().setIdentity("https://not-spiffe")).build();
    }

    static ResourceSet set(Resource... resources) {
        return ResourceSet.of(Arrays.asList(resources));
    }
}
