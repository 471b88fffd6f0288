package dev.trellis.nodeagent.admin;

import dev.trellis.core.admin.AdminResponse;
import dev.trellis.core.admin.AdminServer;
import dev.trellis.core.admin.ConfigDumpEndpoint;
import dev.trellis.core.admin.Dumpable;
import dev.trellis.core.admin.LogLevels;
import dev.trellis.core.admin.LoggingEndpoint;
import dev.trellis.core.lifecycle.Readiness;
import dev.trellis.core.lifecycle.ReadinessEndpoint;
import dev.trellis.core.metrics.MetricsEndpoint;
import dev.trellis.nodeagent.NodeAgentConfig;
import dev.trellis.nodeagent.identity.WorkloadCertificates;
import dev.trellis.nodeagent.state.ProxyState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three HTTP servers of the node-agent, each on its own thread. Closing stops all three.
 *
 * <p>{@code /config_dump} has the sections {@code config}, {@code state} (snapshot and pods) and
 * {@code certificates}; {@code /pods} and {@code /certificates} show one each.
 */
public final class NodeAgentAdmin implements AutoCloseable {

    private final List<AdminServer> servers;

    private NodeAgentAdmin(List<AdminServer> servers) {
        this.servers = servers;
    }

    /** Where the three servers listen. */
    public record Bindings(InetSocketAddress admin, InetSocketAddress metrics, InetSocketAddress readiness) {

        /** The configured ports: admin on loopback only, metrics and readiness on every address. */
        public static Bindings of(NodeAgentConfig.Ports ports) {
            return new Bindings(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.admin()),
                    new InetSocketAddress(ports.metrics()), new InetSocketAddress(ports.readiness()));
        }
    }

    /**
     * Starts the servers.
     *
     * @throws java.io.UncheckedIOException naming the address when a port is taken; servers already started
     *     are closed again
     */
    public static NodeAgentAdmin start(Bindings bindings, NodeAgentConfig config, ProxyState state,
            WorkloadCertificates certificates, PrometheusRegistry registry, Readiness readiness, LogLevels levels) {
        Map<String, Dumpable> sections = new LinkedHashMap<>();
        sections.put("config", () -> config);
        sections.put("state", state);
        sections.put("certificates", certificates);
        List<AdminServer> started = new ArrayList<>();
        try {
            started.add(AdminServer.builder("admin", bindings.admin())
                    .endpoint("/config_dump", ConfigDumpEndpoint.of(sections))
                    .endpoint("/pods", request -> AdminResponse.json(200, state.dumpPods()))
                    .endpoint("/certificates", request -> AdminResponse.json(200, certificates.dump()))
                    .endpoint("/logging", new LoggingEndpoint(levels))
                    .start());
            started.add(AdminServer.builder("metrics", bindings.metrics())
                    .endpoint(MetricsEndpoint.PATH, new MetricsEndpoint(registry)).start());
            started.add(AdminServer.builder("readiness", bindings.readiness())
                    .endpoint(ReadinessEndpoint.PATH, new ReadinessEndpoint(readiness)).start());
        } catch (RuntimeException e) {
            started.forEach(AdminServer::close);
            throw e;
        }
        return new NodeAgentAdmin(List.copyOf(started));
    }

    /** The admin, metrics and readiness servers, in that order (their bound ports, for tests). */
    public List<AdminServer> servers() {
        return servers;
    }

    @Override
    public void close() {
        servers.forEach(AdminServer::close);
    }
}
