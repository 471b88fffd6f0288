package dev.trellis.core.model;

import java.util.Optional;

/**
 * One port of a service.
 *
 * @param name the port's name ({@code http*} and {@code grpc*} names mark HTTP), may be empty
 * @param port the port on the service VIP
 * @param targetPort the port on each endpoint (named target ports are resolved by the control plane)
 * @param appProtocol the declared application protocol, if any
 */
public record ServicePort(String name, int port, int targetPort, Optional<String> appProtocol) {

    public ServicePort {
        checkPort(port, "port");
        checkPort(targetPort, "targetPort");
    }

    /** Whether the port carries HTTP (by {@code appProtocol}, or by a name starting with http or grpc). */
    public boolean isHttp() {
        if (appProtocol.isPresent()) {
            String p = appProtocol.get().toLowerCase(java.util.Locale.ROOT);
            return p.startsWith("http") || p.startsWith("grpc") || p.startsWith("kubernetes.io/h2c");
        }
        return name.startsWith("http") || name.startsWith("grpc");
    }

    private static void checkPort(int value, String field) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 1-65535)");
        }
    }
}
