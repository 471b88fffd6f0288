package dev.trellis.controlplane.store;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code v1 Pod}: where it runs, as whom, what the lab should run in it, and its status.
 *
 * @param meta metadata; labels select it into services and policies
 * @param nodeName the node it is scheduled on (empty: not scheduled)
 * @param serviceAccountName the account it runs as ({@code default} when not written)
 * @param containers its containers, in order
 * @param status phase, addresses and readiness
 */
public record PodResource(ObjectMeta meta, String nodeName, String serviceAccountName, List<Container> containers,
        PodStatus status) implements Resource {

    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    public PodResource {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(serviceAccountName, "serviceAccountName");
        containers = List.copyOf(containers);
        Objects.requireNonNull(status, "status");
    }

    @Override
    public Kind kind() {
        return Kind.POD;
    }

    @Override
    public PodResource withMeta(ObjectMeta meta) {
        return new PodResource(meta, nodeName, serviceAccountName, containers, status);
    }

    public PodResource withStatus(PodStatus status) {
        return new PodResource(meta, nodeName, serviceAccountName, containers, status);
    }

    /** The container port named {@code portName} (a Service's named targetPort), if any container has it. */
    public OptionalInt containerPort(String portName) {
        for (Container c : containers) {
            for (ContainerPort p : c.ports()) {
                if (p.name().equals(portName)) {
                    return OptionalInt.of(p.containerPort());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** One container: the lab runs {@code command} + {@code args} with {@code env} in the pod's namespace. */
    public record Container(String name, String image, List<String> command, List<String> args, List<EnvVar> env,
            List<ContainerPort> ports) {
        public Container {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(image, "image");
            command = List.copyOf(command);
            args = List.copyOf(args);
            env = List.copyOf(env);
            ports = List.copyOf(ports);
        }
    }

    /** An environment variable with a literal value. */
    public record EnvVar(String name, String value) {
        public EnvVar {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A port a container listens on; the name (may be empty) is what named targetPorts refer to. */
    public record ContainerPort(String name, int containerPort, String protocol) {
        public ContainerPort {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /**
     * The pod's status.
     *
     * @param phase {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed} or {@code Unknown}
     * @param podIPs its addresses, the primary first (empty until the network is set up)
     * @param ready whether the Ready condition is true
     */
    public record PodStatus(String phase, List<InetAddress> podIPs, boolean ready) {
        public static final PodStatus PENDING = new PodStatus("Pending", List.of(), false);

        public PodStatus {
            Objects.requireNonNull(phase, "phase");
            podIPs = List.copyOf(podIPs);
        }

        public Optional<InetAddress> podIP() {
            return podIPs.stream().findFirst();
        }

        /** Whether the pod has ended for good (its addresses may already belong to another pod). */
        public boolean terminated() {
            return phase.equals("Succeeded") || phase.equals("Failed");
        }
    }
}
