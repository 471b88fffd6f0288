package dev.trellis.controlplane.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code HTTPRoute} or {@code GRPCRoute}: validated metadata, parent references and hostnames, and the
 * rules kept as the raw (deeply immutable) spec tree, which the route compiler reads.
 *
 * @param kind {@link Kind#HTTP_ROUTE} or {@link Kind#GRPC_ROUTE}
 * @param meta metadata
 * @param parentRefs what the route attaches to: a Service (mesh routing) or a waypoint Gateway
 * @param hostnames the hostnames it matches
 * @param spec the whole {@code spec} as written (unmodifiable maps and lists of String, Long, Double,
 *     Boolean)
 * @param parentStatuses status per parent, written by the control plane (Gateway API's
 *     {@code status.parents[]}: Accepted, ResolvedRefs for each parent the route names)
 */
public record RouteResource(Kind kind, ObjectMeta meta, List<ParentRef> parentRefs, List<String> hostnames,
        Map<String, Object> spec, List<ParentStatus> parentStatuses) implements Resource {

    public RouteResource {
        if (kind != Kind.HTTP_ROUTE && kind != Kind.GRPC_ROUTE) {
            throw new IllegalArgumentException("kind: " + kind + " (expected: HTTP_ROUTE or GRPC_ROUTE)");
        }
        Objects.requireNonNull(meta, "meta");
        parentRefs = List.copyOf(parentRefs);
        hostnames = List.copyOf(hostnames);
        Objects.requireNonNull(spec, "spec");
        parentStatuses = List.copyOf(parentStatuses);
    }

    @Override
    public RouteResource withMeta(ObjectMeta meta) {
        return new RouteResource(kind, meta, parentRefs, hostnames, spec, parentStatuses);
    }

    public RouteResource withParentStatuses(List<ParentStatus> statuses) {
        return new RouteResource(kind, meta, parentRefs, hostnames, spec, statuses);
    }

    /**
     * The status of the route for one parent.
     *
     * @param parentRef the parent, as the route names it
     * @param controllerName who wrote it, e.g. {@code trellis.dev/waypoint-controller}
     * @param conditions Accepted, ResolvedRefs...
     */
    public record ParentStatus(ParentRef parentRef, String controllerName, List<Condition> conditions) {
        public ParentStatus {
            Objects.requireNonNull(parentRef, "parentRef");
            Objects.requireNonNull(controllerName, "controllerName");
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * A parent reference. {@code group} is {@code ""} for a Service or {@code gateway.networking.k8s.io} for
     * a Gateway; {@code namespace} defaults to the route's.
     */
    public record ParentRef(String group, String kind, String namespace, String name, Optional<String> sectionName,
            OptionalInt port) {
        public ParentRef {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sectionName, "sectionName");
            Objects.requireNonNull(port, "port");
        }

        public boolean isService() {
            return kind.equals("Service");
        }
    }
}
