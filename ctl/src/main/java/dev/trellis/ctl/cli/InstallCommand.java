package dev.trellis.ctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshctl install [--dry-run] [--set k=v]} and {@code meshctl uninstall}: the Helm chart in
 * {@code packaging/helm/trellis}, rendered with the real helm binary, then applied to (or deleted from) the
 * cluster of the current kubeconfig with kubectl. helm and kubectl are taken from {@code TRELLIS_HELM} /
 * {@code TRELLIS_KUBECTL}, the PATH, or the cache {@code make test} fills ({@code ~/.cache/trellis}).
 */
@Command(name = "install", description = "Install Trellis into the cluster of the current kubeconfig (the Helm "
        + "chart, rendered with helm and applied with kubectl); --dry-run prints the manifests instead.",
        footer = {"", "Example: meshctl install --dry-run --set nodeAgent.drainSeconds=60 > trellis.yaml"})
public final class InstallCommand implements Callable<Integer> {
    static final String NAMESPACE = "trellis-system";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dry-run", description = "print the manifests; change nothing")
    boolean dryRun;

    @Option(names = "--set", description = "a chart value, key=value (repeatable)")
    List<String> values = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String manifests = render(values);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.print(manifests);
            out.flush();
            return 0;
        }
        return kubectl(out, manifests, "apply", "--server-side", "--field-manager=meshctl");
    }

    /** {@code meshctl uninstall}. */
    @Command(name = "uninstall", description = "Remove what meshctl install applied from the cluster of the current "
            + "kubeconfig (the CRDs and the objects they hold stay: delete them yourself if you want them gone).",
            footer = {"", "Example: meshctl uninstall"})
    static final class Uninstall implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return kubectl(spec.commandLine().getOut(), render(List.of()), "delete", "--ignore-not-found");
        }
    }

    static String render(List<String> values) throws IOException, InterruptedException {
        Path chart = Path.of(System.getProperty("trellis.home", "."), "packaging/helm/trellis");
        if (!Files.isDirectory(chart)) {
            throw new IllegalArgumentException("no Helm chart at " + chart + " (run meshctl from a Trellis build)");
        }
        List<String> argv = new ArrayList<>(List.of(tool("helm"), "template", "trellis", chart.toString(),
                "--namespace", NAMESPACE, "--include-crds"));
        for (String v : values) {
            if (!v.contains("=")) {
                throw new IllegalArgumentException("--set: '" + v + "' (expected: key=value)");
            }
            argv.addAll(List.of("--set", v));
        }
        Process helm = new ProcessBuilder(argv).start();
        String manifests = new String(helm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(helm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (helm.waitFor() != 0) {
            throw new IllegalArgumentException("helm template failed: " + errors.strip());
        }
        return manifests;
    }

    private static int kubectl(PrintWriter out, String manifests, String... verb) throws IOException,
            InterruptedException {
        List<String> argv = new ArrayList<>(List.of(tool("kubectl")));
        argv.addAll(List.of(verb));
        argv.addAll(List.of("-f", "-"));
        Process kubectl = new ProcessBuilder(argv).redirectErrorStream(true).start();
        kubectl.getOutputStream().write(manifests.getBytes(StandardCharsets.UTF_8));
        kubectl.getOutputStream().close();
        out.print(new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        out.flush();
        int code = kubectl.waitFor();
        if (code != 0) {
            throw new IllegalArgumentException("kubectl " + verb[0] + " failed (exit " + code
                    + "); is your kubeconfig pointing at the cluster? (kubectl config current-context)");
        }
        return 0;
    }

    /** The tool from its TRELLIS_ variable, the PATH, or the cache make test fills. */
    static String tool(String name) throws IOException {
        String fromEnv = System.getenv("TRELLIS_" + name.toUpperCase(java.util.Locale.ROOT));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache/trellis");
        if (Files.isDirectory(cache)) {
            try (Stream<Path> dirs = Files.list(cache)) {
                Optional<Path> cached = dirs.filter(d -> d.getFileName().toString().startsWith("kubectl-layer-"))
                        .map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
                if (cached.isPresent()) {
                    return cached.get().toString();
                }
            }
        }
        throw new IllegalArgumentException("no " + name + " found (set TRELLIS_" + name.toUpperCase(java.util.Locale.ROOT)
                + ", put it on the PATH, or run 'make test' once to fetch it)");
    }
}
