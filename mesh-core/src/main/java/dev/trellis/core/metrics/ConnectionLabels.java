package dev.trellis.core.metrics;

import java.util.Objects;

/**
 * The labels of one TCP connection's metrics, as Istio's standard metrics name them. Unknown values are
 * {@value #UNKNOWN}.
 *
 * @param reporter which side records: the proxy of the caller ({@code source}) or of the callee
 * @param sourceWorkload the caller's workload name (the pod name's owner, or the pod name)
 * @param sourceWorkloadNamespace the caller's namespace
 * @param sourcePrincipal the caller's SPIFFE ID
 * @param destinationWorkload the callee's workload name
 * @param destinationWorkloadNamespace the callee's namespace
 * @param destinationPrincipal the callee's SPIFFE ID
 * @param destinationService the service's host name, when the caller addressed a service
 * @param securityPolicy whether the connection was carried over mutual TLS
 */
public record ConnectionLabels(
        Reporter reporter,
        String sourceWorkload,
        String sourceWorkloadNamespace,
        String sourcePrincipal,
        String destinationWorkload,
        String destinationWorkloadNamespace,
        String destinationPrincipal,
        String destinationService,
        SecurityPolicy securityPolicy) {

    public static final String UNKNOWN = "unknown";

    public ConnectionLabels {
        Objects.requireNonNull(reporter, "reporter");
        sourceWorkload = orUnknown(sourceWorkload);
        sourceWorkloadNamespace = orUnknown(sourceWorkloadNamespace);
        sourcePrincipal = orUnknown(sourcePrincipal);
        destinationWorkload = orUnknown(destinationWorkload);
        destinationWorkloadNamespace = orUnknown(destinationWorkloadNamespace);
        destinationPrincipal = orUnknown(destinationPrincipal);
        destinationService = orUnknown(destinationService);
        Objects.requireNonNull(securityPolicy, "securityPolicy");
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? UNKNOWN : value;
    }

    /** Label values in the order of {@link ConnectionMetrics#LABEL_NAMES}, with the response flags last. */
    String[] values(String responseFlags) {
        return new String[] {reporter.label(), sourceWorkload, sourceWorkloadNamespace, sourcePrincipal,
            destinationWorkload, destinationWorkloadNamespace, destinationPrincipal, destinationService,
            securityPolicy.label(), responseFlags};
    }

    /** Which proxy reports. */
    public enum Reporter {
        SOURCE("source"),
        DESTINATION("destination");

        private final String label;

        Reporter(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** {@code connection_security_policy}. */
    public enum SecurityPolicy {
        MUTUAL_TLS("mutual_tls"),
        NONE("none");

        private final String label;

        SecurityPolicy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
