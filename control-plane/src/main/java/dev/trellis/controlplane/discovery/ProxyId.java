package dev.trellis.controlplane.discovery;

import dev.trellis.api.discovery.v1.Subscribe;
import java.util.Objects;

/** Who a discovery stream serves: a node-agent (by node) or a waypoint (by its Gateway). */
public sealed interface ProxyId {

    /** From a subscription; fails with a message when it names neither. */
    static ProxyId of(Subscribe subscribe) {
        return switch (subscribe.getProxyCase()) {
            case NODE_NAME -> new NodeAgent(subscribe.getNodeName());
            case GATEWAY -> new Waypoint(subscribe.getGateway().getNamespace(), subscribe.getGateway().getName());
            case PROXY_NOT_SET -> throw new IllegalArgumentException("subscribe: names neither node_name nor gateway");
        };
    }

    /** The node-agent of node {@code node}. */
    record NodeAgent(String node) implements ProxyId {
        public NodeAgent {
            if (Objects.requireNonNull(node, "node").isEmpty()) {
                throw new IllegalArgumentException("subscribe.node_name: empty");
            }
        }

        @Override
        public String toString() {
            return "node-agent/" + node;
        }
    }

    /** The waypoint implementing Gateway {@code namespace/name}. */
    record Waypoint(String namespace, String name) implements ProxyId {
        public Waypoint {
            if (Objects.requireNonNull(namespace, "namespace").isEmpty() || Objects.requireNonNull(name, "name").isEmpty()) {
                throw new IllegalArgumentException("subscribe.gateway: namespace and name are required");
            }
        }

        @Override
        public String toString() {
            return "waypoint/" + namespace + "/" + name;
        }
    }
}
