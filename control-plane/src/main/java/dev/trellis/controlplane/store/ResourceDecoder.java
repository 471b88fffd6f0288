package dev.trellis.controlplane.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns one parsed YAML document (maps, lists, scalars) into a validated {@link Resource}, or refuses it with
 * an {@link InvalidResourceException} naming the object and the field path.
 */
public final class ResourceDecoder {

    private static final String KINDS =
            Arrays.stream(Kind.values()).map(Kind::kindName).collect(Collectors.joining(", "));

    private ResourceDecoder() {
    }

    /**
     * Decodes one object.
     *
     * @throws InvalidResourceException e.g. {@code Service default/echo: spec.ports[1].port: 70000 (expected:
     *     1-65535)}
     */
    public static Resource decode(Object document) {
        return decode(document, false);
    }

    /**
     * Decodes an object read from the Kubernetes API server (as a plain tree, e.g. converted from a fabric8
     * object): the server has validated it and it carries many fields this store does not model
     * (managedFields, volumes, containerStatuses...), so unknown fields are ignored and Services of any
     * type are taken for their cluster IPs; every field that is read is checked as in {@link #decode}.
     */
    public static Resource decodeFromApiServer(Object document) {
        return decode(document, true);
    }

    private static Resource decode(Object document, boolean lenient) {
        FieldReader root;
        Kind kind;
        try {
            root = FieldReader.of(document, "", lenient);
            kind = kind(root);
        } catch (FieldException e) {
            throw new InvalidResourceException(e.getMessage());
        }
        try {
            return decode(kind, root);
        } catch (FieldException e) {
            throw new InvalidResourceException(MetadataDecoder.describe(kind, document) + ": " + e.getMessage());
        }
    }

    private static Kind kind(FieldReader root) {
        String kindName = root.requiredString("kind", "one of " + KINDS);
        Kind kind = Kind.byName(kindName)
                .orElseThrow(() -> FieldException.unexpected("kind", kindName, "one of " + KINDS));
        String apiVersion = root.requiredString("apiVersion", kind.apiVersion());
        if (!apiVersion.equals(kind.apiVersion())) {
            throw FieldException.unexpected("apiVersion", apiVersion, kind.apiVersion() + " for " + kindName);
        }
        return kind;
    }

    private static Resource decode(Kind kind, FieldReader root) {
        ObjectMeta meta = MetadataDecoder.decode(kind, root);
        return switch (kind) {
            case NAMESPACE -> {
                root.object("spec").ifPresent(FieldReader::done);
                root.done();
                yield new NamespaceResource(meta);
            }
            case SERVICE_ACCOUNT -> {
                root.done();
                yield new ServiceAccountResource(meta);
            }
            case POD -> PodDecoder.decode(root, meta);
            case SERVICE -> ServiceDecoder.decode(root, meta);
            case GATEWAY -> GatewayDecoder.decode(root, meta);
            case HTTP_ROUTE, GRPC_ROUTE -> RouteDecoder.decode(kind, root, meta);
            case AUTHORIZATION_POLICY -> AuthorizationPolicyDecoder.decode(root, meta);
            case TRAFFIC_POLICY -> TrafficPolicyDecoder.decode(root, meta);
        };
    }
}
