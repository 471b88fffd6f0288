package dev.trellis.core.discovery;

import com.google.protobuf.ByteString;
import dev.trellis.api.discovery.v1.Authorization;
import dev.trellis.api.discovery.v1.Resource;
import dev.trellis.api.discovery.v1.ResourceName;
import dev.trellis.api.discovery.v1.ResourceType;
import dev.trellis.api.discovery.v1.TrustBundle;
import dev.trellis.core.identity.SpiffeId;
import dev.trellis.core.model.AuthorizationPolicy;
import dev.trellis.core.model.Cidr;
import dev.trellis.core.model.Endpoint;
import dev.trellis.core.model.Service;
import dev.trellis.core.model.ServiceKey;
import dev.trellis.core.model.ServicePort;
import dev.trellis.core.model.TrafficPolicy;
import dev.trellis.core.model.WaypointRef;
import dev.trellis.core.model.Workload;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps the mesh model to discovery protobuf messages and back. Decoding validates: a message that does not
 * make a valid model record fails with {@link InvalidResourceException} naming the resource and field, which
 * the client turns into a NACK.
 */
public final class ResourceCodec {
    static final String TRUST_BUNDLE_NAME = "trust-bundle";

    private ResourceCodec() {
    }

    /** The unique name of a resource within its type (see discovery.proto). */
    public static ResourceName nameOf(Resource resource) {
        return switch (resource.getKindCase()) {
            case WORKLOAD -> name(ResourceType.WORKLOAD, resource.getWorkload().getUid());
            case SERVICE -> name(ResourceType.SERVICE,
                    resource.getService().getNamespace() + "/" + resource.getService().getName());
            case AUTHORIZATION -> name(ResourceType.AUTHORIZATION,
                    resource.getAuthorization().getNamespace() + "/" + resource.getAuthorization().getName());
            case ROUTE -> name(ResourceType.ROUTE, resource.getRoute().getNamespace() + "/"
                    + resource.getRoute().getName() + "/" + resource.getRoute().getKind());
            case TRUST_BUNDLE -> name(ResourceType.TRUST_BUNDLE, TRUST_BUNDLE_NAME);
            case KIND_NOT_SET -> throw new InvalidResourceException("resource: no kind set");
        };
    }

    private static ResourceName name(ResourceType type, String name) {
        return ResourceName.newBuilder().setType(type).setName(name).build();
    }

    // ---- encode ----

    public static Resource encode(Workload w) {
        var b = dev.trellis.api.discovery.v1.Workload.newBuilder()
                .setUid(w.uid()).setName(w.name()).setNamespace(w.namespace())
                .setServiceAccount(w.identity().serviceAccount()).setIdentity(w.identity().uri())
                .setNode(w.node()).setCaptured(w.captured()).putAllLabels(w.labels())
                .setStatus(w.status() == Workload.WorkloadStatus.HEALTHY
                        ? dev.trellis.api.discovery.v1.WorkloadStatus.HEALTHY
                        : dev.trellis.api.discovery.v1.WorkloadStatus.UNHEALTHY);
        w.addresses().forEach(a -> b.addAddresses(ByteString.copyFrom(a.getAddress())));
        w.waypoint().ifPresent(r -> b.setWaypoint(encode(r)));
        return Resource.newBuilder().setWorkload(b).build();
    }

    public static Resource encode(Service s) {
        var b = dev.trellis.api.discovery.v1.Service.newBuilder()
                .setNamespace(s.key().namespace()).setName(s.key().name()).setHostname(s.hostname())
                .setTrafficPolicy(TrafficPolicyCodec.encode(s.trafficPolicy()));
        s.vips().forEach(a -> b.addVips(ByteString.copyFrom(a.getAddress())));
        for (ServicePort p : s.ports()) {
            b.addPorts(dev.trellis.api.discovery.v1.ServicePort.newBuilder().setName(p.name()).setPort(p.port())
                    .setTargetPort(p.targetPort()).setAppProtocol(p.appProtocol().orElse("")));
        }
        for (Endpoint e : s.endpoints()) {
            b.addEndpoints(dev.trellis.api.discovery.v1.Endpoint.newBuilder().setWorkloadUid(e.workloadUid())
                    .setAddress(ByteString.copyFrom(e.address().getAddress())).setReady(e.ready()));
        }
        s.waypoint().ifPresent(r -> b.setWaypoint(encode(r)));
        return Resource.newBuilder().setService(b).build();
    }

    public static Resource encode(AuthorizationPolicy p) {
        return Resource.newBuilder().setAuthorization(AuthorizationCodec.encode(p)).build();
    }

    public static Resource encodeTrustBundle(List<String> rootsPem) {
        return Resource.newBuilder().setTrustBundle(TrustBundle.newBuilder().addAllRootsPem(rootsPem)).build();
    }

    private static dev.trellis.api.discovery.v1.WaypointRef encode(WaypointRef r) {
        return dev.trellis.api.discovery.v1.WaypointRef.newBuilder()
                .setNamespace(r.namespace()).setName(r.name()).build();
    }

    // ---- decode ----

    public static Workload decode(dev.trellis.api.discovery.v1.Workload w) {
        String where = "Workload " + w.getUid();
        return guarded(where, () -> {
            require(!w.getUid().isEmpty(), where, "uid", "empty");
            SpiffeId identity = SpiffeId.parse(w.getIdentity());
            return new Workload(w.getUid(), w.getName(), w.getNamespace(), identity, w.getNode(),
                    addresses(w.getAddressesList(), where + ": addresses"), w.getCaptured(),
                    w.hasWaypoint() ? Optional.of(decode(w.getWaypoint())) : Optional.empty(),
                    w.getLabelsMap(),
                    w.getStatus() == dev.trellis.api.discovery.v1.WorkloadStatus.HEALTHY
                            ? Workload.WorkloadStatus.HEALTHY : Workload.WorkloadStatus.UNHEALTHY);
        });
    }

    public static Service decode(dev.trellis.api.discovery.v1.Service s) {
        String where = "Service " + s.getNamespace() + "/" + s.getName();
        return guarded(where, () -> {
            require(!s.getName().isEmpty() && !s.getNamespace().isEmpty(), where, "name", "empty");
            List<ServicePort> ports = new ArrayList<>();
            for (var p : s.getPortsList()) {
                ports.add(new ServicePort(p.getName(), p.getPort(), p.getTargetPort(),
                        p.getAppProtocol().isEmpty() ? Optional.empty() : Optional.of(p.getAppProtocol())));
            }
            List<Endpoint> endpoints = new ArrayList<>();
            for (var e : s.getEndpointsList()) {
                endpoints.add(new Endpoint(e.getWorkloadUid(), address(e.getAddress(), where + ": endpoint"),
                        e.getReady()));
            }
            return new Service(new ServiceKey(s.getNamespace(), s.getName()), s.getHostname(),
                    addresses(s.getVipsList(), where + ": vips"), ports, endpoints,
                    s.hasWaypoint() ? Optional.of(decode(s.getWaypoint())) : Optional.empty(),
                    s.hasTrafficPolicy() ? TrafficPolicyCodec.decode(s.getTrafficPolicy()) : TrafficPolicy.DEFAULT);
        });
    }

    public static AuthorizationPolicy decode(Authorization a) {
        String where = "Authorization " + a.getNamespace() + "/" + a.getName();
        return guarded(where, () -> AuthorizationCodec.decode(a));
    }

    private static WaypointRef decode(dev.trellis.api.discovery.v1.WaypointRef r) {
        return new WaypointRef(r.getNamespace(), r.getName());
    }

    static List<Cidr> cidrs(List<String> values) {
        return values.stream().map(Cidr::parse).toList();
    }

    static Duration millis(long value) {
        return Duration.ofMillis(value);
    }

    private static List<InetAddress> addresses(List<ByteString> raw, String where) {
        List<InetAddress> out = new ArrayList<>(raw.size());
        for (ByteString b : raw) {
            out.add(address(b, where));
        }
        return out;
    }

    private static InetAddress address(ByteString raw, String where) {
        try {
            if (raw.size() != 4 && raw.size() != 16) {
                throw new InvalidResourceException(where + ": address of " + raw.size() + " bytes (expected: 4 or 16)");
            }
            return InetAddress.getByAddress(raw.toByteArray());
        } catch (UnknownHostException e) {
            throw new InvalidResourceException(where + ": " + e.getMessage());
        }
    }

    private static void require(boolean ok, String where, String field, String problem) {
        if (!ok) {
            throw new InvalidResourceException(where + ": " + field + ": " + problem);
        }
    }

    /** Runs a decoder, turning the model's own validation errors into messages naming the resource. */
    private static <T> T guarded(String where, java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (InvalidResourceException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidResourceException(where + ": " + e.getMessage());
        }
    }
}
