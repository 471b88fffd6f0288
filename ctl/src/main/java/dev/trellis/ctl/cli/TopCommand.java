package dev.trellis.ctl.cli;

import dev.trellis.ctl.lab.Commands;
import dev.trellis.ctl.lab.LabMesh;
import dev.trellis.ctl.lab.LabState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meshctl top}: live connection and byte rates per workload, from the node-agents' metrics: each
 * agent's counters are read twice, an interval apart, and the difference divided by it. A connection is
 * counted once, by the node-agent in front of the workload it reached (reporter {@code destination}).
 * Works against the lab (each node's agent read inside its namespace).
 */
@Command(name = "top", description = "Show live connection and byte rates per workload, from the node-agents' "
        + "metrics.",
        footer = {"", "Example: meshctl top --once", "         meshctl top --interval 5 -o json"})
public final class TopCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPENED = "trellis_tcp_connections_opened_total";
    private static final String SENT = "trellis_tcp_sent_bytes_total";
    private static final String RECEIVED = "trellis_tcp_received_bytes_total";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--interval", defaultValue = "2", description = "seconds between readings (default: ${DEFAULT-VALUE})")
    int intervalSeconds;

    @Option(names = "--once", description = "print one reading and stop (for scripts)")
    boolean once;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
    String output;

    @Override
    public Integer call() throws InterruptedException {
        Output format = Output.of(output);
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("--interval: " + intervalSeconds + " (expected: at least 1 second)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Double> before = read();
        do {
            Thread.sleep(Duration.ofSeconds(intervalSeconds));
            Map<String, Double> after = read();
            print(out, format, rates(before, after));
            before = after;
        } while (!once);
        return 0;
    }

    /** Counter values by "workload|metric|security", summed over the lab's node-agents. */
    private Map<String, Double> read() {
        LabState state = LabCommand.lab().state();
        Commands commands = new Commands();
        Map<String, Double> totals = new HashMap<>();
        int read = 0;
        for (LabState.LabProcess p : state.processes().values()) {
            if (!p.name().startsWith("node-agent/") || p.netns().isEmpty()) {
                continue;
            }
            Commands.Result r = commands.runQuietly("ip", "netns", "exec", p.netns(), "curl", "-sS", "-m", "3",
                    "http://127.0.0.1:" + LabMesh.METRICS_PORT + "/metrics");
            if (!r.ok()) {
                continue;
            }
            read++;
            for (PrometheusText.Sample s : PrometheusText.parse(r.stdout())) {
                if (!List.of(OPENED, SENT, RECEIVED).contains(s.name())
                        || !"destination".equals(s.labels().get("reporter"))) {
                    continue;
                }
                String workload = s.labels().getOrDefault("destination_workload_namespace", "?") + "/"
                        + s.labels().getOrDefault("destination_workload", "?");
                String key = workload + "|" + s.name() + "|" + s.labels().getOrDefault("connection_security_policy", "");
                totals.merge(key, s.value(), Double::sum);
            }
        }
        if (read == 0) {
            throw new IllegalArgumentException("no node-agent metrics could be read (is the lab up? meshctl lab status)");
        }
        return totals;
    }

    private record Rate(double connections, double mtlsConnections, double bytes) {
    }

    private Map<String, Rate> rates(Map<String, Double> before, Map<String, Double> after) {
        Map<String, double[]> sums = new TreeMap<>();
        after.forEach((key, value) -> {
            String[] parts = key.split("\\|", 3);
            double delta = Math.max(0, value - before.getOrDefault(key, 0.0)) / intervalSeconds;
            double[] s = sums.computeIfAbsent(parts[0], k -> new double[3]);
            if (parts[1].equals(OPENED)) {
                s[0] += delta;
                if (parts[2].equals("mutual_tls")) {
                    s[1] += delta;
                }
            } else {
                s[2] += delta;
            }
        });
        Map<String, Rate> out = new TreeMap<>();
        sums.forEach((w, s) -> out.put(w, new Rate(s[0], s[1], s[2])));
        return out;
    }

    private static void print(PrintWriter out, Output format, Map<String, Rate> rates) {
        if (format == Output.JSON || format == Output.YAML) {
            ArrayNode items = JSON.createArrayNode();
            rates.forEach((w, r) -> {
                ObjectNode o = items.addObject();
                o.put("workload", w);
                o.put("connectionsPerSecond", round(r.connections()));
                o.put("mutualTlsShare", r.connections() == 0 ? 0 : round(r.mtlsConnections() / r.connections()));
                o.put("bytesPerSecond", round(r.bytes()));
            });
            format.print(out, items);
            return;
        }
        Table t = new Table("WORKLOAD", "CONN/S", "MTLS", "BYTES/S");
        List<Map.Entry<String, Rate>> rows = new ArrayList<>(rates.entrySet());
        rows.sort((a, b) -> Double.compare(b.getValue().bytes(), a.getValue().bytes()));
        for (Map.Entry<String, Rate> e : rows) {
            Rate r = e.getValue();
            t.row(e.getKey(), String.format("%.1f", r.connections()),
                    r.connections() == 0 ? "-" : String.format("%.0f%%", 100 * r.mtlsConnections() / r.connections()),
                    String.format("%.0f", r.bytes()));
        }
        t.print(out);
        out.flush();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
