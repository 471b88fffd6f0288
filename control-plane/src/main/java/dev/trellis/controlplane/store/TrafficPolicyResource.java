package dev.trellis.controlplane.store;

import dev.trellis.core.model.TrafficPolicy;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@code networking.trellis.dev/v1 TrafficPolicy}, compiled into the model proxies read.
 *
 * @param meta metadata
 * @param targetService the name of the Service it configures, in the policy's namespace
 * @param targetPort only this service port, when set
 * @param policy the compiled policy
 */
public record TrafficPolicyResource(ObjectMeta meta, String targetService, OptionalInt targetPort,
        TrafficPolicy policy) implements Resource {

    public TrafficPolicyResource {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(targetService, "targetService");
        Objects.requireNonNull(targetPort, "targetPort");
        Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Kind kind() {
        return Kind.TRAFFIC_POLICY;
    }

    @Override
    public TrafficPolicyResource withMeta(ObjectMeta meta) {
        return new TrafficPolicyResource(meta, targetService, targetPort, policy);
    }
}
