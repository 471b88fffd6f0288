package dev.trellis.ctl.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The lab as one object: nodes, pods and processes, with its state on disk. Every operation that changes
 * the lab holds an exclusive file lock on the state directory, so two meshctl calls cannot interleave.
 */
public final class Lab {

    private final LabConfig config;
    private final Commands commands;
    private final LabNetwork network;
    private final LabProcesses processes;
    private final PodRuntime pods;
    private final LabLayout layout;
    private final LabMesh mesh;

    public Lab(LabConfig config) {
        this.config = config;
        this.layout = config.layout();
        this.commands = new Commands();
        this.network = new LabNetwork(commands, config.layout());
        this.processes = new LabProcesses(config.logDir());
        this.pods = new PodRuntime(commands, new CniChain(commands, config.cniPluginDirs(),
                Optional.of(config.cniTimingLog())), processes, config);
        this.mesh = new LabMesh(config, processes, config.programs());
    }

    public LabState state() {
        return LabState.load(config.stateDir());
    }

    /** Brings up (or completes) a lab of {@code nodes} nodes; returns what now exists. */
    public LabState up(int nodes) {
        if (nodes < 1 || nodes > LabLayout.MAX_NODES) {
            throw new LabException("--nodes: " + nodes + " (expected: 1-" + LabLayout.MAX_NODES + ")");
        }
        return change(state -> {
            if (state.nodes() > nodes) {
                throw new LabException("the lab already has " + state.nodes() + " nodes; run 'meshctl lab down'"
                        + " first to shrink it");
            }
            network.up(nodes);
            LabState next = state.withNodes(nodes);
            if (config.trellisCni()) {
                new LabCniInstall(config.cniInstallDir()).ensure();
                next = startMesh(next, nodes);
            }
            return next;
        });
    }

    /** The control plane, then one node-agent per node (each started only if it is not running). */
    private LabState startMesh(LabState state, int nodes) {
        LabState next = state;
        Optional<LabState.LabProcess> cp = mesh.startControlPlane(next, nodes);
        if (cp.isPresent()) {
            next = next.withProcess(cp.get());
        }
        for (int node = 1; node <= nodes; node++) {
            Optional<LabState.LabProcess> agent = mesh.startNodeAgent(next, node);
            if (agent.isPresent()) {
                next = next.withProcess(agent.get());
            }
        }
        return next;
    }

    /**
     * What an upgrade of one node's node-agent did.
     *
     * @param exited whether the old node-agent had exited when the call returned (always asked for with wait)
     */
    public record Upgrade(long oldPid, long newPid, boolean exited, Duration took) {
    }

    /**
     * Replaces the node-agent of {@code node} without disturbing its pods: a new one starts beside it and
     * takes the pods back, then the old one is asked to stop (SIGTERM) and drains its open connections to their
     * end, up to the lab's drain time. With {@code wait}, returns only when the old one has exited (killed if it
     * outlives its drain time by 10 s); without, returns while it drains.
     */
    public Upgrade upgradeNodeAgent(int node, boolean wait, java.util.function.Consumer<String> progress) {
        List<Upgrade> done = new ArrayList<>();
        change(state -> {
            LabState.LabProcess old = state.processes().get(LabMesh.nodeAgentName(node));
            if (old == null || !LabProcesses.alive(old.pid())) {
                throw new LabException("no running node-agent on " + LabLayout.nodeName(node)
                        + " (run 'meshctl lab up' first)");
            }
            long started = System.nanoTime();
            progress.accept("starting a new node-agent beside pid " + old.pid() + "...");
            LabState.LabProcess successor = mesh.startSuccessor(node);
            progress.accept("pid " + successor.pid() + " took the pods over; pid " + old.pid()
                    + " stops accepting and drains its open connections (up to " + LabMesh.drainTime().toSeconds()
                    + " s)");
            boolean exited = wait ? processes.stopPatiently(old, LabMesh.drainTime().plusSeconds(10))
                    : processes.askToStop(old);
            done.add(new Upgrade(old.pid(), successor.pid(), exited, Duration.ofNanos(System.nanoTime() - started)));
            return state.withProcess(successor);
        });
        return done.getFirst();
    }

    public LabMesh mesh() {
        return mesh;
    }

    /** Creates a pod and starts its command. */
    public LabState.LabPod runPod(PodRuntime.PodSpec spec, List<String> hostsLines) {
        List<LabState.LabPod> created = new ArrayList<>();
        change(state -> {
            String key = spec.namespace() + "/" + spec.name();
            if (state.pods().containsKey(key)) {
                throw new LabException("pod " + key + " already exists; delete it first");
            }
            if (spec.node() < 1 || spec.node() > state.nodes()) {
                throw new LabException("pod " + key + ": node-" + spec.node() + " is not in the lab (it has "
                        + state.nodes() + " nodes; run 'meshctl lab up')");
            }
            LabState.LabPod pod = pods.create(spec);
            pods.writeResolverFiles(pod, hostsLines);
            LabState.LabProcess process = pods.startCommand(pod, spec);
            created.add(pod);
            return state.withPod(pod).withProcess(process);
        });
        return created.getFirst();
    }

    /** Rewrites every pod's hosts file (services changed). */
    public void rewriteHosts(java.util.function.Function<LabState.LabPod, List<String>> hostsLines) {
        for (LabState.LabPod pod : state().pods().values()) {
            pods.writeResolverFiles(pod, hostsLines.apply(pod));
        }
    }

    /** Deletes a pod: its process, network and namespace. Deleting a pod that does not exist is no error. */
    public void deletePod(String namespace, String name) {
        change(state -> {
            LabState.LabPod pod = state.pods().get(namespace + "/" + name);
            if (pod == null) {
                return state;
            }
            pods.delete(pod, Optional.ofNullable(state.processes().get(pod.processName())));
            return state.withoutPod(pod.key()).withoutProcess(pod.processName());
        });
    }

    /**
     * Removes everything the lab made: processes from the state file, then every namespace, link and file
     * by the lab's name prefix, so that it also cleans up after a crash that lost the state.
     */
    public void down() {
        change(state -> {
            state.processes().values().forEach(processes::stop);
            for (LabState.LabPod pod : state.pods().values()) {
                try {
                    pods.delete(pod, Optional.empty());
                } catch (LabException e) {
                    System.err.println("warning: " + e.getMessage());
                }
            }
            for (String netns : network.labNamespaces()) {
                killProcessesIn(netns);
            }
            network.down();
            pods.deleteAllResolverFiles();
            PodRuntime.deleteTree(config.stateDir().resolve("ipam"));
            // A lab is made afresh each time: its store, CA, tokens and captured-pod records go with it.
            for (String part : List.of("store", "ca", "waypoints", "node-tokens", "admin-tokens", "waypoint-tokens",
                    "admin-token", "cni")) {
                PodRuntime.deleteTree(config.stateDir().resolve(part));
            }
            for (int node = 1; node <= LabLayout.MAX_NODES; node++) {
                PodRuntime.deleteTree(config.stateDir().resolve(LabLayout.nodeName(node)));
            }
            return LabState.EMPTY;
        });
    }

    /** The pod, or a clear error naming the pods there are. */
    public LabState.LabPod pod(String namespace, String name) {
        LabState state = state();
        LabState.LabPod pod = state.pods().get(namespace + "/" + name);
        if (pod == null) {
            throw new LabException("no pod " + namespace + "/" + name + " in the lab (pods: "
                    + String.join(", ", state.pods().keySet()) + ")");
        }
        return pod;
    }

    public LabNetwork network() {
        return network;
    }

    private void killProcessesIn(String netns) {
        for (String pid : commands.runQuietly("ip", "netns", "pids", netns).stdout().lines().toList()) {
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private LabState change(UnaryOperator<LabState> update) {
        try {
            Files.createDirectories(config.stateDir());
            try (FileChannel channel = FileChannel.open(config.stateDir().resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                LabState next = update.apply(LabState.load(config.stateDir()));
                next.save(config.stateDir());
                return next;
            }
        } catch (IOException e) {
            throw new LabException("cannot lock the lab state in " + config.stateDir() + ": " + e.getMessage(), e);
        }
    }
}
