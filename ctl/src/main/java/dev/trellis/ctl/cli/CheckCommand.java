package dev.trellis.ctl.cli;

import dev.trellis.ctl.check.CheckResult;
import dev.trellis.ctl.check.HostChecks;
import dev.trellis.ctl.check.HostProbe;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code meshctl check}: can Trellis run on this host? */
@Command(name = "check", description = "Check that this host has what Trellis needs: kernel, network namespaces, "
        + "iptables and nftables, CNI plugins, no other mesh redirecting traffic. Exits 1 if a check fails.",
        footer = {"", "Example: meshctl check -o json"})
public final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    String output;

    @Override
    public Integer call() {
        List<CheckResult> results = HostChecks.runAll(new HostProbe(HostProbe.systemPath()));
        var out = spec.commandLine().getOut();
        switch (output) {
            case "json" -> out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(results));
            case "table" -> {
                Table t = new Table("CHECK", "STATUS", "DETAIL", "HINT");
                results.forEach(r -> t.row(r.check(), r.status(), r.detail(), r.hint()));
                t.print(out);
            }
            default -> throw new IllegalArgumentException("--output: '" + output + "' (expected: table or json)");
        }
        out.flush();
        return results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL) ? 1 : 0;
    }
}
