package dev.trellis.controlplane.store;

import dev.trellis.controlplane.store.RouteResource.ParentRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads an HTTPRoute or GRPCRoute: parent references and hostnames are checked here; {@code rules} are kept
 * as a raw tree for the route compiler, which validates them.
 */
final class RouteDecoder {

    static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

    private RouteDecoder() {
    }

    static RouteResource decode(Kind kind, FieldReader root, ObjectMeta meta) {
        Map<String, Object> tree = root.tree("spec");
        root.done();
        FieldReader spec = root.child(tree, "spec");
        List<ParentRef> parents = new ArrayList<>();
        for (FieldReader p : spec.objects("parentRefs")) {
            parents.add(parentRef(p, meta.namespace()));
        }
        if (parents.isEmpty()) {
            throw new FieldException("spec.parentRefs", "missing (expected: a Service or a waypoint Gateway)");
        }
        List<String> hostnames = spec.strings("hostnames");
        spec.raw("rules");
        spec.done();
        return new RouteResource(kind, meta, parents, hostnames, tree, List.of());
    }

    private static ParentRef parentRef(FieldReader p, String routeNamespace) {
        String kind = p.string("kind").orElse("Gateway");
        String group = p.string("group").orElse(kind.equals("Service") ? "" : GATEWAY_GROUP);
        boolean service = kind.equals("Service") && group.isEmpty();
        boolean gateway = kind.equals("Gateway") && group.equals(GATEWAY_GROUP);
        if (!service && !gateway) {
            throw FieldException.unexpected(p.path("kind"), group + "/" + kind,
                    "a core Service or a " + GATEWAY_GROUP + " Gateway");
        }
        String namespace = Names.dnsLabel(p.string("namespace").orElse(routeNamespace), p.path("namespace"));
        String name = Names.dnsSubdomain(p.requiredString("name", "the parent's name"), p.path("name"));
        Optional<String> section = p.string("sectionName");
        OptionalInt port = p.intInRange("port", 1, 65535);
        p.done();
        return new ParentRef(group, kind, namespace, name, section, port);
    }
}
