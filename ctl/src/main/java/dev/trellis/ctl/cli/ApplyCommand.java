package dev.trellis.ctl.cli;

import dev.trellis.api.store.v1.AwaitProxiesResponse;
import dev.trellis.api.store.v1.ObjectOutcome;
import dev.trellis.api.store.v1.ProxyBehind;
import dev.trellis.ctl.lab.LabWorkloads;
import dev.trellis.ctl.store.StoreClient;
import dev.trellis.ctl.store.YamlSources;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meshctl apply} and, with {@link Delete}, {@code meshctl delete}. */
@Command(name = "apply", description = "Create or update objects from YAML (Namespace, Pod, Service, "
        + "ServiceAccount, Gateway, HTTPRoute, GRPCRoute, AuthorizationPolicy, TrafficPolicy). In the lab, a Pod "
        + "becomes a network namespace running its first container's command.",
        footer = {"", "Example: meshctl apply -f samples/echo.yaml --wait", "         cat x.yaml | meshctl apply -f -"})
public final class ApplyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ControlPlaneOptions controlPlane;

    @Option(names = {"-f", "--filename"}, required = true, description = "a file, a directory or - for stdin")
    List<String> files;

    @Option(names = "--wait", description = "return only when every proxy serves the result")
    boolean waitForProxies;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds --wait waits (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (StoreClient store = new StoreClient(controlPlane.target())) {
            for (YamlSources.Source source : YamlSources.read(files, System.in)) {
                print(out, store.apply(source).getObjectsList());
            }
            return settle(out, store, controlPlane, waitForProxies, timeoutSeconds);
        }
    }

    /** Runs the lab's pods after a change, then waits for the proxies if asked; returns the exit code. */
    static int settle(PrintWriter out, StoreClient store, ControlPlaneOptions controlPlane, boolean wait,
            int timeoutSeconds) {
        if (controlPlane.isLab()) {
            LabWorkloads.Changes changes = new LabWorkloads(LabCommand.lab(), store).reconcile();
            changes.created().forEach(p -> out.println("pod " + p + " started in the lab"));
            changes.removed().forEach(p -> out.println("pod " + p + " removed from the lab"));
        }
        if (!wait) {
            return 0;
        }
        AwaitProxiesResponse r = store.awaitProxies(Duration.ofSeconds(timeoutSeconds));
        if (r.getBehindCount() == 0) {
            out.println("all " + r.getConnected() + " proxies serve the new configuration");
            return 0;
        }
        out.println("not every proxy serves the new configuration after " + timeoutSeconds + " s:");
        for (ProxyBehind b : r.getBehindList()) {
            out.println("  " + b.getProxy() + " serves " + (b.getAckedVersion().isEmpty() ? "nothing yet"
                    : b.getAckedVersion()) + ", expected " + b.getExpectedVersion()
                    + (b.getLastError().isEmpty() ? "" : " (refused: " + b.getLastError() + ")"));
        }
        out.flush();
        return 1;
    }

    static void print(PrintWriter out, List<ObjectOutcome> outcomes) {
        for (ObjectOutcome o : outcomes) {
            String ns = o.getObject().getNamespace().isEmpty() ? "" : o.getObject().getNamespace() + "/";
            out.println(o.getObject().getKind().toLowerCase(Locale.ROOT) + " " + ns + o.getObject().getName() + " "
                    + o.getOutcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        out.flush();
    }

    /** {@code meshctl delete}. */
    @Command(name = "delete", description = "Delete the objects named in YAML files (only kind, namespace and "
            + "name are read). In the lab, deleted Pods' namespaces and processes are removed.",
            footer = {"", "Example: meshctl delete -f samples/echo.yaml"})
    public static final class Delete implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ControlPlaneOptions controlPlane;

        @Option(names = {"-f", "--filename"}, required = true, description = "a file, a directory or - for stdin")
        List<String> files;

        @Option(names = "--wait", description = "return only when every proxy serves the result")
        boolean waitForProxies;

        @Option(names = "--timeout", defaultValue = "30", description = "seconds --wait waits")
        int timeoutSeconds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StoreClient store = new StoreClient(controlPlane.target())) {
                for (YamlSources.Source source : YamlSources.read(files, System.in)) {
                    print(out, store.delete(source).getObjectsList());
                }
                return settle(out, store, controlPlane, waitForProxies, timeoutSeconds);
            }
        }
    }
}
