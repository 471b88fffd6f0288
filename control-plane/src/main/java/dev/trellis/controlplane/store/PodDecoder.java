package dev.trellis.controlplane.store;

import dev.trellis.controlplane.store.PodResource.Container;
import dev.trellis.controlplane.store.PodResource.ContainerPort;
import dev.trellis.controlplane.store.PodResource.EnvVar;
import dev.trellis.controlplane.store.PodResource.PodStatus;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a Pod's spec (node, service account, containers) and status (phase, IPs, Ready condition). */
final class PodDecoder {

    private static final Set<String> PHASES = Set.of("Pending", "Running", "Succeeded", "Failed", "Unknown");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
    private static final Set<String> CONDITION_STATUSES = Set.of("True", "False", "Unknown");

    private PodDecoder() {
    }

    static PodResource decode(FieldReader root, ObjectMeta meta) {
        FieldReader spec = root.object("spec")
                .orElseThrow(() -> new FieldException("spec", "missing (expected: a mapping with containers)"));
        String node = spec.string("nodeName").map(n -> Names.dnsSubdomain(n, spec.path("nodeName"))).orElse("");
        String account = spec.string("serviceAccountName")
                .map(n -> Names.dnsSubdomain(n, spec.path("serviceAccountName")))
                .orElse(PodResource.DEFAULT_SERVICE_ACCOUNT);
        List<Container> containers = containers(spec);
        spec.done();
        PodStatus status = root.object("status").map(PodDecoder::status).orElse(PodStatus.PENDING);
        root.done();
        return new PodResource(meta, node, account, containers, status);
    }

    private static List<Container> containers(FieldReader spec) {
        List<FieldReader> items = spec.objects("containers");
        if (items.isEmpty()) {
            throw new FieldException(spec.path("containers"), "missing (expected: at least one container)");
        }
        List<Container> containers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FieldReader c : items) {
            String name = Names.dnsLabel(c.requiredString("name", "a container name"), c.path("name"));
            if (!names.add(name)) {
                throw FieldException.unexpected(c.path("name"), name, "a name no other container has");
            }
            String image = c.string("image").orElse("");
            List<String> command = c.strings("command");
            List<String> args = c.strings("args");
            List<EnvVar> env = env(c);
            List<ContainerPort> ports = ports(c);
            c.done();
            containers.add(new Container(name, image, command, args, env, ports));
        }
        return containers;
    }

    private static List<EnvVar> env(FieldReader container) {
        List<EnvVar> env = new ArrayList<>();
        for (FieldReader e : container.objects("env")) {
            String name = e.requiredString("name", "a variable name");
            env.add(new EnvVar(name, e.string("value").orElse("")));
            e.done();
        }
        return env;
    }

    private static List<ContainerPort> ports(FieldReader container) {
        List<ContainerPort> ports = new ArrayList<>();
        for (FieldReader p : container.objects("ports")) {
            String name = p.string("name").map(n -> Names.portName(n, p.path("name"))).orElse("");
            int number = p.requiredIntInRange("containerPort", 1, 65535);
            String protocol = p.string("protocol").orElse("TCP");
            if (!PROTOCOLS.contains(protocol)) {
                throw FieldException.unexpected(p.path("protocol"), protocol, "TCP, UDP or SCTP");
            }
            p.done();
            ports.add(new ContainerPort(name, number, protocol));
        }
        return ports;
    }

    private static PodStatus status(FieldReader status) {
        String phase = status.string("phase").orElse("Pending");
        if (!PHASES.contains(phase)) {
            throw FieldException.unexpected(status.path("phase"), phase, String.join(", ", PHASES));
        }
        Optional<InetAddress> podIP = status.string("podIP").map(ip -> Names.ip(ip, status.path("podIP")));
        List<InetAddress> podIPs = new ArrayList<>();
        for (FieldReader entry : status.objects("podIPs")) {
            podIPs.add(Names.ip(entry.requiredString("ip", "an IP address"), entry.path("ip")));
            entry.done();
        }
        if (podIPs.isEmpty()) {
            podIP.ifPresent(podIPs::add);
        } else if (podIP.isPresent() && !podIP.get().equals(podIPs.getFirst())) {
            throw FieldException.unexpected(status.path("podIP"), podIP.get().getHostAddress(),
                    "the same address as podIPs[0], " + podIPs.getFirst().getHostAddress());
        }
        checkFamilies(podIPs, status.path("podIPs"));
        boolean ready = ready(status);
        status.done();
        return new PodStatus(phase, podIPs, ready);
    }

    private static boolean ready(FieldReader status) {
        boolean ready = false;
        for (FieldReader c : status.objects("conditions")) {
            String type = c.requiredString("type", "a condition type such as Ready");
            String value = c.requiredString("status", "True, False or Unknown");
            if (!CONDITION_STATUSES.contains(value)) {
                throw FieldException.unexpected(c.path("status"), value, "True, False or Unknown");
            }
            c.string("reason");
            c.string("message");
            c.string("lastTransitionTime");
            c.string("lastProbeTime");
            c.done();
            if (type.equals("Ready")) {
                ready = value.equals("True");
            }
        }
        return ready;
    }

    /** At most one address per family, as Kubernetes allows. */
    static void checkFamilies(List<InetAddress> ips, String path) {
        if (ips.size() > 2 || (ips.size() == 2 && ips.get(0).getClass() == ips.get(1).getClass())) {
            throw new FieldException(path, ips.stream().map(InetAddress::getHostAddress).toList()
                    + " (expected: at most one IPv4 and one IPv6 address)");
        }
    }
}
