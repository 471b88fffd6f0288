package dev.trellis.controlplane.store;

import java.util.Arrays;
import java.util.Optional;

/** The resource kinds the store holds, with the API version each is written in. */
public enum Kind {
    NAMESPACE("v1", "Namespace", false),
    POD("v1", "Pod", true),
    SERVICE("v1", "Service", true),
    SERVICE_ACCOUNT("v1", "ServiceAccount", true),
    GATEWAY("gateway.networking.k8s.io/v1", "Gateway", true),
    HTTP_ROUTE("gateway.networking.k8s.io/v1", "HTTPRoute", true),
    GRPC_ROUTE("gateway.networking.k8s.io/v1", "GRPCRoute", true),
    AUTHORIZATION_POLICY("security.trellis.dev/v1", "AuthorizationPolicy", true),
    TRAFFIC_POLICY("networking.trellis.dev/v1", "TrafficPolicy", true);

    private final String apiVersion;
    private final String kindName;
    private final boolean namespaced;

    Kind(String apiVersion, String kindName, boolean namespaced) {
        this.apiVersion = apiVersion;
        this.kindName = kindName;
        this.namespaced = namespaced;
    }

    /** The kind named {@code kindName} as written in YAML ({@code Service}, {@code HTTPRoute}...). */
    public static Optional<Kind> byName(String kindName) {
        return Arrays.stream(values()).filter(k -> k.kindName.equals(kindName)).findFirst();
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** The name as written in YAML's {@code kind} field. */
    public String kindName() {
        return kindName;
    }

    public boolean namespaced() {
        return namespaced;
    }
}
