package dev.trellis.controlplane.kubernetes;

import dev.trellis.controlplane.store.Kind;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** Where the API server serves each store {@link Kind}: group, version and plural for a generic informer. */
final class WatchedKind {

    private WatchedKind() {
    }

    /** The resource definition the generic client and informer use for {@code kind}. */
    static ResourceDefinitionContext context(Kind kind) {
        String apiVersion = kind.apiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind.kindName())
                .withPlural(plural(kind))
                .withNamespaced(kind.namespaced())
                .build();
    }

    private static String plural(Kind kind) {
        return switch (kind) {
            case NAMESPACE -> "namespaces";
            case POD -> "pods";
            case SERVICE -> "services";
            case SERVICE_ACCOUNT -> "serviceaccounts";
            case GATEWAY -> "gateways";
            case HTTP_ROUTE -> "httproutes";
            case GRPC_ROUTE -> "grpcroutes";
            case AUTHORIZATION_POLICY -> "authorizationpolicies";
            case TRAFFIC_POLICY -> "trafficpolicies";
        };
    }
}
