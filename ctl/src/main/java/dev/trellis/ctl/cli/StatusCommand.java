package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.AwaitProxiesResponse;
import dev.trellis.api.store.v1.ProxySync;
import dev.trellis.ctl.store.StoreClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meshctl status}: every proxy connected to the control plane and whether it serves the configuration
 * the store holds now (SYNCED), an older one (STALE) or refused the newest (NACKED, with the reason). Exit code 1
 * when a proxy is not synced, so scripts can wait on it.
 */
@Command(name = "status", description = "Show every proxy connected to the control plane and whether it serves "
        + "the current configuration.",
        footer = {"", "Exit code 1 when a proxy is stale or refused the configuration.",
            "Example: meshctl status", "         meshctl status -o json"})
public final class StatusCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ControlPlaneOptions controlPlane;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
    String output;

    @Override
    public Integer call() {
        Output format = Output.of(output);
        PrintWriter out = spec.commandLine().getOut();
        AwaitProxiesResponse r;
        try (StoreClient store = new StoreClient(controlPlane.target())) {
            r = store.awaitProxies(Duration.ZERO);
        }
        List<ProxySync> proxies = r.getProxiesList().stream().sorted(Comparator.comparing(ProxySync::getProxy)).toList();
        boolean allSynced = proxies.stream().allMatch(p -> state(p).equals("SYNCED"));
        if (format == Output.TABLE) {
            Table t = new Table("PROXY", "INSTANCE", "STATE", "SERVES", "EXPECTED", "CONNECTED", "LAST ERROR");
            Instant now = Instant.now();
            for (ProxySync p : proxies) {
                t.row(p.getProxy(), p.getInstance(), state(p), orNone(p.getAckedVersion()), p.getExpectedVersion(),
                        ago(Duration.between(Instant.ofEpochMilli(p.getConnectedAtMillis()), now)),
                        p.getLastError().isEmpty() ? "-" : p.getLastError());
            }
            t.print(out);
            out.println(proxies.size() + " proxies, " + (allSynced ? "all synced" : "NOT all synced"));
        } else {
            ArrayNode items = JSON.createArrayNode();
            for (ProxySync p : proxies) {
                ObjectNode o = items.addObject();
                o.put("proxy", p.getProxy());
                o.put("instance", p.getInstance());
                o.put("state", state(p));
                o.put("servesVersion", p.getAckedVersion());
                o.put("expectedVersion", p.getExpectedVersion());
                o.put("connectedAt", Instant.ofEpochMilli(p.getConnectedAtMillis()).toString());
                o.put("lastError", p.getLastError());
            }
            format.print(out, items);
        }
        out.flush();
        return allSynced ? 0 : 1;
    }

    private static String state(ProxySync p) {
        if (p.getAckedVersion().equals(p.getExpectedVersion())) {
            return "SYNCED";
        }
        return p.getLastError().isEmpty() ? "STALE" : "NACKED";
    }

    private static String orNone(String version) {
        return version.isEmpty() ? "<nothing yet>" : version;
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s / 3600 + "h";
    }
}
