package dev.trellis.ctl.cli;

import dev.trellis.ctl.store.StoreClient;
import dev.trellis.ctl.store.YamlSources;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meshctl namespace enable|disable NS}: puts a namespace in the mesh or takes it out, by its label
 * {@code trellis.dev/dataplane-mode=ambient}. Running pods are captured or released in place, without a
 * restart; their open connections go on. The namespace's other labels and annotations are kept.
 */
@Command(name = "namespace", description = "Put a namespace's pods in the mesh (enable) or take them out "
        + "(disable), in place: running pods are captured or released without a restart.",
        footer = {"", "Example: meshctl namespace enable shop --wait", "         meshctl namespace disable shop"})
public final class NamespaceCommand implements Callable<Integer> {
    static final String MODE_LABEL = "trellis.dev/dataplane-mode";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ControlPlaneOptions controlPlane;

    @Parameters(index = "0", paramLabel = "enable|disable", description = "what to do")
    String action;

    @Parameters(index = "1", paramLabel = "NAMESPACE", description = "the namespace")
    String namespace;

    @Option(names = "--wait", description = "return only when every proxy serves the change")
    boolean waitForProxies;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds --wait waits (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        boolean enable = switch (action) {
            case "enable" -> true;
            case "disable" -> false;
            default -> throw new IllegalArgumentException("'" + action + "' (expected: enable or disable)");
        };
        PrintWriter out = spec.commandLine().getOut();
        try (StoreClient store = new StoreClient(controlPlane.target())) {
            ObjectNode ns = StoredNamespaces.editable(store, namespace);
            ObjectNode labels = ns.withObject("metadata").withObject("labels");
            boolean was = "ambient".equals(labels.path(MODE_LABEL).asString(""));
            if (enable) {
                labels.put(MODE_LABEL, "ambient");
            } else {
                labels.remove(MODE_LABEL);
            }
            if (was == enable) {
                out.println("namespace " + namespace + " is already " + (enable ? "in" : "out of") + " the mesh");
                return 0;
            }
            store.apply(new YamlSources.Source("meshctl namespace " + action, JSON.writeValueAsString(ns)));
            out.println("namespace " + namespace + (enable ? " joins the mesh: its pods are captured in place"
                    : " leaves the mesh: its pods are released; open connections finish"));
            return ApplyCommand.settle(out, store, controlPlane, waitForProxies, timeoutSeconds);
        }
    }
}
