package dev.trellis.controlplane.store;

import dev.trellis.controlplane.store.ServiceResource.Port;
import dev.trellis.controlplane.store.ServiceResource.TargetPort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a Service's spec: cluster IPs ({@code None} for headless), ports, selector. */
final class ServiceDecoder {

    private static final String HEADLESS = "None";
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    private ServiceDecoder() {
    }

    static ServiceResource decode(FieldReader root, ObjectMeta meta) {
        FieldReader spec = root.object("spec")
                .orElseThrow(() -> new FieldException("spec", "missing (expected: a mapping with ports)"));
        spec.string("type").ifPresent(type -> {
            if (!type.equals("ClusterIP") && !spec.lenient()) {
                throw FieldException.unexpected(spec.path("type"), type, "ClusterIP (the only type in the local store)");
            }
        });
        Optional<String> clusterIP = spec.string("clusterIP").filter(ip -> !ip.isEmpty());
        List<String> clusterIPs = spec.strings("clusterIPs");
        boolean headless = clusterIP.map(HEADLESS::equals).orElse(false)
                || (!clusterIPs.isEmpty() && clusterIPs.getFirst().equals(HEADLESS));
        List<InetAddress> ips = headless ? List.of() : clusterIPs(spec, clusterIP, clusterIPs);
        List<Port> ports = ports(spec);
        Map<String, String> selector = Names.labels(spec.stringMap("selector"), spec.path("selector"), true);
        spec.done();
        root.done();
        return new ServiceResource(meta, ips, headless, ports, selector);
    }

    private static List<InetAddress> clusterIPs(FieldReader spec, Optional<String> clusterIP, List<String> written) {
        List<InetAddress> ips = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            ips.add(Names.ip(written.get(i), spec.path("clusterIPs") + "[" + i + "]"));
        }
        if (clusterIP.isPresent()) {
            InetAddress primary = Names.ip(clusterIP.get(), spec.path("clusterIP"));
            if (ips.isEmpty()) {
                ips.add(primary);
            } else if (!ips.getFirst().equals(primary)) {
                throw FieldException.unexpected(spec.path("clusterIP"), clusterIP.get(),
                        "the same address as clusterIPs[0], " + written.getFirst());
            }
        }
        PodDecoder.checkFamilies(ips, spec.path("clusterIPs"));
        return ips;
    }

    private static List<Port> ports(FieldReader spec) {
        List<FieldReader> items = spec.objects("ports");
        if (items.isEmpty()) {
            throw new FieldException(spec.path("ports"), "missing (expected: at least one port)");
        }
        List<Port> ports = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (FieldReader p : items) {
            Port port = port(p, items.size() > 1);
            if (!names.add(port.name())) {
                throw FieldException.unexpected(p.path("name"), port.name(), "a name no other port has");
            }
            if (!numbers.add(port.protocol() + "/" + port.port())) {
                throw FieldException.unexpected(p.path("port"), port.port(), "a port no other " + port.protocol()
                        + " port has");
            }
            ports.add(port);
        }
        return ports;
    }

    private static Port port(FieldReader p, boolean nameRequired) {
        Optional<String> name = p.string("name").map(n -> Names.dnsLabel(n, p.path("name")));
        if (name.isEmpty() && nameRequired) {
            throw new FieldException(p.path("name"), "missing (expected: a name, as the service has several ports)");
        }
        String protocol = p.string("protocol").orElse("TCP");
        if (!PROTOCOLS.contains(protocol)) {
            throw FieldException.unexpected(p.path("protocol"), protocol, "TCP, UDP or SCTP");
        }
        int number = p.requiredIntInRange("port", 1, 65535);
        TargetPort target = p.raw("targetPort").map(t -> targetPort(t, p.path("targetPort")))
                .orElse(TargetPort.number(number));
        Optional<String> appProtocol = p.string("appProtocol");
        p.done();
        return new Port(name.orElse(""), protocol, number, target, appProtocol);
    }

    private static TargetPort targetPort(Object value, String path) {
        if (value instanceof String s) {
            return TargetPort.named(Names.portName(s, path));
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1
                && ((Number) value).longValue() <= 65535) {
            return TargetPort.number(((Number) value).intValue());
        }
        throw FieldException.unexpected(path, value, "1-65535 or a container port name");
    }
}
