package dev.trellis.controlplane.translate;

import dev.trellis.controlplane.store.StoreSnapshot;
import dev.trellis.controlplane.store.YamlResourceReader;

/** Store snapshots written as YAML, the way people write the store. */
final class Fixtures {

    private Fixtures() {
    }

    static StoreSnapshot store(String... documents) {
        return StoreSnapshot.of(7, YamlResourceReader.read(String.join("\n---\n", documents), "fixture.yaml"));
    }

    static String namespace(String name, String labels) {
        return "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {%s}}".formatted(name, labels);
    }

    /** A pod on {@code node}; {@code ip} empty for none; running and ready when it has an IP. */
    static String pod(String ns, String name, String node, String ip, String labels) {
        String status = ip.isEmpty() ? "{phase: Pending}"
                : "{phase: Running, podIP: %s, conditions: [{type: Ready, status: 'True'}]}".formatted(ip);
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: %s, uid: uid-%s, labels: {%s}}
                spec:
                  nodeName: %s
                  serviceAccountName: sa-%s
                  containers: [{name: app, ports: [{name: http, containerPort: 8080}]}]
                status: %s""".formatted(name, ns, name, labels, node, name, status);
    }

    static String service(String ns, String name, String vip, String labels, String selector) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s, labels: {%s}}
                spec:
                  clusterIP: %s
                  selector: {%s}
                  ports: [{name: http, port: 80, targetPort: http}]""".formatted(name, ns, labels, vip, selector);
    }

    static String waypoint(String ns, String name, String className, String waypointFor) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: %s, labels: {trellis.dev/waypoint-for: %s}}
                spec:
                  gatewayClassName: %s
                  listeners: [{name: mesh, port: 15008, protocol: HBONE}]""".formatted(name, ns, waypointFor,
                className);
    }

    static String allow(String ns, String name, String matchLabels) {
        return """
                apiVersion: security.trellis.dev/v1
                kind: AuthorizationPolicy
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {matchLabels: {%s}}
                  rules: [{from: [{source: {namespaces: [%s]}}]}]""".formatted(name, ns, matchLabels, ns);
    }
}
