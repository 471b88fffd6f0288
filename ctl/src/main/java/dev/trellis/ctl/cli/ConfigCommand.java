package dev.trellis.ctl.cli;

import dev.trellis.ctl.lab.Commands;
import dev.trellis.ctl.lab.LabLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code meshctl config workloads|services|policies|certificates|pods --node N}: what one node-agent serves,
 * read from its admin API ({@code /config_dump} on 127.0.0.1:15000 of the node). In the lab meshctl reaches it
 * inside the node's network namespace; elsewhere {@code --admin-url} names it (e.g. after a port-forward).
 */
@Command(name = "config", description = "Show what a node-agent serves: workloads, services, policies, its "
        + "certificates (with expiry) or its captured pods, from its admin API.",
        footer = {"", "Example: meshctl config certificates --node node-1",
            "         meshctl config services --admin-url http://127.0.0.1:15000 -o yaml"})
public final class ConfigCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SECTIONS = List.of("workloads", "services", "policies", "certificates", "pods");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "workloads, services, policies, certificates or pods")
    String what;

    @Option(names = "--node", description = "the lab node whose node-agent to ask (default: node-1)")
    String node = "node-1";

    @Option(names = "--admin-url", description = "the node-agent's admin API, instead of a lab node")
    String adminUrl;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
    String output;

    @Override
    public Integer call() {
        if (!SECTIONS.contains(what)) {
            throw new IllegalArgumentException("'" + what + "' (expected: one of " + SECTIONS + ")");
        }
        Output format = Output.of(output);
        JsonNode dump = JSON.readTree(fetch());
        JsonNode section = what.equals("certificates") ? dump.path("certificates") : dump.path("state").path(what);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Output.JSON || format == Output.YAML) {
            format.print(out, section);
            return 0;
        }
        table(section).print(out);
        out.flush();
        return 0;
    }

    private String fetch() {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "-m", "5", "--fail"));
        Commands commands = new Commands();
        Commands.Result r;
        if (adminUrl != null) {
            argv.add(adminUrl.replaceAll("/+$", "") + "/config_dump");
        } else {
            argv.add("http://127.0.0.1:15000/config_dump");
            argv.addAll(0, List.of("ip", "netns", "exec",
                    new LabLayout(LabLayout.DEFAULT_PREFIX).nodeNetns(LabLayout.nodeNumber(node))));
        }
        r = commands.runQuietly(argv.toArray(String[]::new));
        if (!r.ok()) {
            throw new IllegalArgumentException("cannot read the node-agent's admin API" + (adminUrl != null
                    ? " at " + adminUrl : " on " + node + " (is the lab up? meshctl lab status)") + ": "
                    + r.stderr().strip());
        }
        return r.stdout();
    }

    private Table table(JsonNode section) {
        return switch (what) {
            case "workloads" -> rows(section, new Table("NAMESPACE", "NAME", "NODE", "ADDRESSES", "IDENTITY", "CAPTURED",
                    "STATUS"), w -> List.of(w.path("namespace").asString(), w.path("name").asString(),
                    w.path("node").asString(), join(w.path("addresses")), w.path("identity").asString(),
                    w.path("captured").asString(), w.path("status").asString()));
            case "services" -> rows(section, new Table("SERVICE", "VIPS", "PORTS", "ENDPOINTS", "WAYPOINT", "BALANCER"),
                    s -> List.of(s.path("key").asString(), join(s.path("vips")), ports(s.path("ports")),
                            Integer.toString(s.path("endpoints").size()), waypoint(s.path("waypoint")),
                            s.path("trafficPolicy").path("loadBalancer").path("algorithm").asString("")));
            case "policies" -> rows(section, new Table("NAMESPACE", "NAME", "ACTION", "RULES"),
                    p -> List.of(p.path("namespace").asString(), p.path("name").asString(),
                            p.path("action").asString(), Integer.toString(p.path("rules").size())));
            case "certificates" -> rows(section, new Table("IDENTITY", "STATE", "NOT AFTER", "RENEW AT", "PODS",
                    "LAST ERROR"), c -> List.of(c.path("_key").asString(), c.path("state").asString(),
                    c.path("notAfter").asString("-"), c.path("renewAt").asString("-"),
                    Integer.toString(c.path("pods").size()), c.path("lastError").asString("-")));
            default -> rows(section, new Table("POD", "UID", "NETNS", "LISTENERS", "IDENTITY"),
                    p -> List.of(p.path("_key").asString(), p.path("uid").asString(), p.path("netns").asString(),
                            Integer.toString(p.path("listeners").size()), p.path("identity").asString()));
        };
    }

    /** One row per element of an array, or per entry of an object (its key as {@code _key}). */
    private static Table rows(JsonNode section, Table table, java.util.function.Function<JsonNode, List<String>> row) {
        if (section.isArray()) {
            section.forEach(item -> table.row(row.apply(item).toArray()));
        } else {
            section.properties().forEach(e -> {
                JsonNode item = e.getValue().deepCopy();
                if (item.isObject()) {
                    ((tools.jackson.databind.node.ObjectNode) item).put("_key", e.getKey());
                }
                table.row(row.apply(item).toArray());
            });
        }
        return table;
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asString()));
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    private static String ports(JsonNode ports) {
        List<String> parts = new ArrayList<>();
        ports.forEach(p -> parts.add(p.path("port").asString() + "->" + p.path("targetPort").asString()));
        return String.join(",", parts);
    }

    private static String waypoint(JsonNode waypoint) {
        return waypoint.isNull() || waypoint.isMissingNode() ? "-"
                : waypoint.path("namespace").asString() + "/" + waypoint.path("name").asString();
    }
}
