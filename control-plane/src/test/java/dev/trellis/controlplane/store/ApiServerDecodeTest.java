package dev.trellis.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Objects as the API server returns them ({@code kubectl get -o yaml}) carry many fields the store does not
 * model: the strict reader refuses them, the API-server reader ignores them but still checks what it reads.
 */
class ApiServerDecodeTest {

    private static final String SERVED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: echo-7d9f
              namespace: shop
              uid: 5b1c7a52-3f0e-4a8e-9d55-0c2b8f1e9a11
              resourceVersion: "48213"
              creationTimestamp: "2026-11-25T00:00:00Z"
              labels: {app: echo}
              ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: echo-7d9f, uid: x}]
            spec:
              nodeName: node-a
              serviceAccountName: echo
              restartPolicy: Always
              containers:
              - name: app
                image: trellis/echo:1
                imagePullPolicy: IfNotPresent
                env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
                ports: [{name: http, containerPort: 8080, protocol: TCP}]
                resources: {limits: {cpu: 100m}}
              volumes: [{name: token, projected: {sources: []}}]
            status:
              phase: Running
              hostIP: 198.18.0.2
              podIP: 198.18.1.10
              podIPs: [{ip: 198.18.1.10}]
              conditions:
              - {type: PodScheduled, status: "True", lastProbeTime: null}
              - {type: Ready, status: "True", lastProbeTime: null}
              containerStatuses: [{name: app, ready: true, restartCount: 0}]
            """;

    private static final String SERVED_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: shop, resourceVersion: "1", uid: u-1}
            spec:
              type: LoadBalancer
              clusterIP: 198.19.0.10
              clusterIPs: [198.19.0.10]
              ipFamilies: [IPv4]
              ports: [{name: http, port: 80, targetPort: http, nodePort: 30080, protocol: TCP}]
              selector: {app: echo}
              sessionAffinity: None
            status: {loadBalancer: {}}
            """;

    @Test
    void readsWhatTheApiServerServesAndIgnoresTheRest() {
        PodResource pod = (PodResource) ResourceDecoder.decodeFromApiServer(tree(SERVED_POD));
        ServiceResource service = (ServiceResource) ResourceDecoder.decodeFromApiServer(tree(SERVED_SERVICE));

        assertThat(pod.meta().uid()).isEqualTo("5b1c7a52-3f0e-4a8e-9d55-0c2b8f1e9a11");
        assertThat(pod.serviceAccountName()).isEqualTo("echo");
        assertThat(pod.status().podIPs()).containsExactly(InetAddress.ofLiteral("198.18.1.10"));
        assertThat(pod.status().ready()).isTrue();
        assertThat(pod.containerPort("http")).hasValue(8080);
        assertThat(service.clusterIPs()).containsExactly(InetAddress.ofLiteral("198.19.0.10"));
        assertThat(service.ports().getFirst().targetPort()).isEqualTo(ServiceResource.TargetPort.named("http"));
    }

    @Test
    void theStrictReaderRefusesThoseExtraFields() {
        assertThatThrownBy(() -> ResourceDecoder.decode(tree(SERVED_POD)))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("Pod shop/echo-7d9f: metadata.resourceVersion: unknown field");
        assertThatThrownBy(() -> ResourceDecoder.decode(tree(SERVED_SERVICE
                .replace(", resourceVersion: \"1\", uid: u-1", ""))))
                .hasMessage("Service shop/echo: spec.type: 'LoadBalancer' (expected: ClusterIP (the only type in the "
                        + "local store))");
    }

    @Test
    void theApiServerReaderStillChecksWhatItReads() {
        assertThatThrownBy(() -> ResourceDecoder.decodeFromApiServer(tree(SERVED_SERVICE.replace("port: 80,",
                "port: 70000,"))))
                .hasMessage("Service shop/echo: spec.ports[0].port: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> ResourceDecoder.decodeFromApiServer(tree(SERVED_POD.replace("podIP: 198.18.1.10",
                "podIP: not-an-ip"))))
                .hasMessage("Pod shop/echo-7d9f: status.podIP: 'not-an-ip' (expected: an IPv4 or IPv6 address)");
    }

    private static Object tree(String yaml) {
        return new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }
}
