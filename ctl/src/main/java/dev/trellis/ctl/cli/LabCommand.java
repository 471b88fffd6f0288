package dev.trellis.ctl.cli;

import dev.trellis.ctl.lab.Lab;
import dev.trellis.ctl.lab.LabConfig;
import dev.trellis.ctl.lab.LabException;
import dev.trellis.ctl.lab.LabLayout;
import dev.trellis.ctl.lab.LabProcesses;
import dev.trellis.ctl.lab.LabState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code meshctl lab ...}: the simulated cluster on this host. */
@Command(name = "lab", description = "Run Trellis on this Linux host in a simulated cluster of network namespaces.",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Upgrade.class, LabCommand.Status.class, LabCommand.Exec.class,
            LabCommand.Logs.class},
        footer = {"", "Example: meshctl lab up --nodes 2 && meshctl lab status"})
public final class LabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Lab lab() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new LabException("the lab creates network namespaces and needs root; run meshctl as root");
        }
        String home = System.getProperty("trellis.home", ".");
        return new Lab(LabConfig.defaults(Path.of(home, "bin")));
    }

    /** {@code lab up}. */
    @Command(name = "up", description = "Start the lab (idempotent): a bridge and N nodes.",
            footer = {"", "Example: meshctl lab up --nodes 3"})
    static final class Up implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--nodes", defaultValue = "2", description = "how many nodes (default: ${DEFAULT-VALUE})")
        int nodes;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            out.println("starting a lab of " + nodes + " node(s)...");
            LabState state = lab().up(nodes);
            Table t = new Table("NODE", "NETNS", "ADDRESS", "POD RANGE");
            LabLayout layout = new LabLayout(LabLayout.DEFAULT_PREFIX);
            for (int i = 1; i <= state.nodes(); i++) {
                t.row(LabLayout.nodeName(i), layout.nodeNetns(i), LabLayout.nodeAddress(i), LabLayout.podCidr(i));
            }
            t.print(out);
        }
    }

    /** {@code lab down}. */
    @Command(name = "down", description = "Remove every namespace, link, file and process the lab made.",
            footer = {"", "Example: meshctl lab down"})
    static final class Down implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Lab lab = lab();
            lab.down();
            List<String> left = lab.network().labNamespaces();
            if (!left.isEmpty()) {
                throw new LabException("namespaces still present after down: " + left);
            }
            spec.commandLine().getOut().println("lab removed");
        }
    }

    /** {@code lab status}. */
    @Command(name = "status", description = "Show the lab's nodes, pods and processes.",
            footer = {"", "Example: meshctl lab status -o json"})
    static final class Status implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
        String output;

        @Override
        public void run() {
            LabState state = lab().state();
            var out = spec.commandLine().getOut();
            if (output.equals("json")) {
                out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(state));
                return;
            }
            if (!output.equals("table")) {
                throw new IllegalArgumentException("--output: '" + output + "' (expected: table or json)");
            }
            if (state.nodes() == 0) {
                out.println("the lab is down (start it with: meshctl lab up)");
                return;
            }
            out.println("nodes: " + state.nodes());
            Table pods = new Table("NAMESPACE", "POD", "NODE", "IPS", "RUNNING");
            for (LabState.LabPod p : state.pods().values()) {
                LabState.LabProcess proc = state.processes().get(p.processName());
                pods.row(p.namespace(), p.name(), LabLayout.nodeName(p.node()), String.join(",", p.ips()),
                        proc != null && LabProcesses.alive(proc.pid()));
            }
            pods.print(out);
            Table procs = new Table("PROCESS", "PID", "RUNNING", "LOG");
            for (LabState.LabProcess p : state.processes().values()) {
                procs.row(p.name(), p.pid(), LabProcesses.alive(p.pid()), p.log());
            }
            out.println();
            procs.print(out);
        }
    }

    /** {@code lab exec}: runs a command inside a pod's network namespace. */
    @Command(name = "exec", description = "Run a command inside a pod's network namespace; stdin, stdout, stderr "
            + "and the exit code pass through, arguments reach the command exactly as given.",
            footer = {"", "Example: meshctl lab exec -n shop client -- curl -s http://echo/"})
    static final class Exec implements java.util.concurrent.Callable<Integer> {
        @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "the pod's namespace")
        String namespace;

        @Parameters(index = "0", paramLabel = "POD")
        String pod;

        @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*", description = "command and arguments")
        List<String> command;

        @Override
        public Integer call() throws IOException, InterruptedException {
            LabState.LabPod p = lab().pod(namespace, pod);
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", p.netns()));
            argv.addAll(command);
            return new ProcessBuilder(argv).inheritIO().start().waitFor();
        }
    }

    /** {@code lab upgrade node-agent --node NAME}. */
    @Command(name = "upgrade", description = "Replace a node's node-agent the way a rolling update does, without "
            + "resetting a connection: a new one takes the pods over, the old one drains and exits.",
            footer = {"", "Example: meshctl lab upgrade node-agent --node node-1"})
    static final class Upgrade implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "COMPONENT", description = "what to upgrade: node-agent")
        String component;

        @Option(names = "--node", required = true, description = "the node, e.g. node-1")
        String node;

        @Option(names = "--wait", description = "return only when the old node-agent has drained and exited")
        boolean waitForExit;

        @Override
        public void run() {
            if (!component.equals("node-agent")) {
                throw new LabException("cannot upgrade '" + component + "' (expected: node-agent)");
            }
            var out = spec.commandLine().getOut();
            Lab.Upgrade done = lab().upgradeNodeAgent(LabLayout.nodeNumber(node), waitForExit, line -> {
                out.println(line);
                out.flush();
            });
            out.println("node-agent of " + node + " upgraded in " + done.took().toMillis() + " ms: pid " + done.oldPid()
                    + " -> " + done.newPid() + (done.exited() ? "; the old one has exited"
                    : "; the old one is draining (see 'meshctl lab logs node-agent/" + node + "')"));
        }
    }

    /** {@code lab logs}. */
    @Command(name = "logs", description = "Print the log of a lab process: a component (control-plane, "
            + "node-agent/node-1) or a pod (-n NS POD).",
            footer = {"", "Example: meshctl lab logs -n shop echo-v1"})
    static final class Logs implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-n", "--namespace"}, description = "the pod's namespace (for a pod)")
        String namespace;

        @Parameters(paramLabel = "COMPONENT|POD")
        String name;

        @Override
        public void run() {
            LabState state = lab().state();
            String key = namespace != null ? "pod/" + namespace + "/" + name : name;
            LabState.LabProcess p = state.processes().get(key);
            if (p == null) {
                throw new LabException("no lab process '" + key + "' (processes: "
                        + String.join(", ", state.processes().keySet()) + ")");
            }
            try {
                spec.commandLine().getOut().print(Files.readString(Path.of(p.log())));
                spec.commandLine().getOut().flush();
            } catch (IOException e) {
                throw new LabException("cannot read " + p.log() + ": " + e.getMessage(), e);
            }
        }
    }
}
