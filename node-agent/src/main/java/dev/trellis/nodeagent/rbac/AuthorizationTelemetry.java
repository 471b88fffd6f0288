package dev.trellis.nodeagent.rbac;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every decision in {@code trellis_authorization_decisions_total{decision, reason}} and logs the
 * denials: at WARN when a policy fails closed for want of a waypoint (an operator must act: bind a waypoint
 * or drop the L7 rules), at DEBUG otherwise (ordinary denials are the access log's business).
 */
public final class AuthorizationTelemetry {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationTelemetry.class);

    private final Counter decisions;

    public AuthorizationTelemetry(PrometheusRegistry registry) {
        decisions = Counter.builder().name("trellis_authorization_decisions_total")
                .help("L4 authorization decisions of the node-agent, by outcome and reason.")
                .labelNames("decision", "reason").register(registry);
    }

    /** Records {@code decision} made for {@code request}. */
    public void record(Decision decision, AuthorizationRequest request) {
        decisions.labelValues(decision.allowed() ? "allow" : "deny", decision.reason().label()).inc();
        if (decision.reason() == Decision.Reason.L7_WITHOUT_WAYPOINT) {
            log.warn("{} (caller {} {}); bind a waypoint to {} or remove the policy's L7 rules",
                    decision.message(), request.sourceIp().getHostAddress(),
                    request.sourceIdentity().map(Object::toString).orElse("without identity"),
                    request.destinationName());
        } else if (!decision.allowed() && log.isDebugEnabled()) {
            log.debug("{} for {} -> {}", decision.message(), request.sourceIp().getHostAddress(),
                    request.destinationName());
        }
    }
}
