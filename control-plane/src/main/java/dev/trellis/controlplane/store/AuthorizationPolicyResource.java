package dev.trellis.controlplane.store;

import dev.trellis.core.model.AuthorizationPolicy;
import java.util.Objects;

/** A {@code security.trellis.dev/v1 AuthorizationPolicy}, compiled into the model proxies read. */
public record AuthorizationPolicyResource(ObjectMeta meta, AuthorizationPolicy policy) implements Resource {

    public AuthorizationPolicyResource {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Kind kind() {
        return Kind.AUTHORIZATION_POLICY;
    }

    @Override
    public AuthorizationPolicyResource withMeta(ObjectMeta meta) {
        return new AuthorizationPolicyResource(meta, policy);
    }
}
