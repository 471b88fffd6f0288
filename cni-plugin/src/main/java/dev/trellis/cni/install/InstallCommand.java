package dev.trellis.cni.install;

import dev.trellis.cni.CniMain;
import dev.trellis.core.config.ConfigException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code trellis-cni install [--watch] [--flag value ...]} and {@code trellis-cni uninstall}: what the
 * DaemonSet's installer sidecar (or an operator on a host) runs. Install copies the JRE when asked
 * ({@link JreCopy}), puts the jar, its ahead-of-time cache and the launcher in place and chains our entry into
 * the network configuration; with {@code --watch} it then keeps the entry there until the process is stopped,
 * and leaves it in place on exit (the next installer takes over; pods keep starting through the plugin).
 * Uninstall takes every trace out. Exit codes: 0 done, 1 failed, 2 bad usage or configuration.
 */
public final class InstallCommand {
    static final String USAGE = """
            usage: trellis-cni install [--watch] [--cni-bin-dir DIR] [--cni-conf-dir DIR] [--cni-runtime-dir DIR]
                                       [--cni-socket PATH] [--cni-exclude-namespaces NS,...] [--cni-conflist FILE]
                                       [--cni-fail-open true|false] [--cni-copy-jre true|false]
                   trellis-cni uninstall [the same flags]
            Every flag can also be given as TRELLIS_<FLAG> (e.g. TRELLIS_CNI_BIN_DIR).
            Example: trellis-cni install --watch --cni-bin-dir /host/opt/cni/bin --cni-conf-dir /host/etc/cni/net.d""";

    private InstallCommand() {
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] argv, Map<String, String> env) {
        try {
            return run(argv, env, System.out, System.err, new CountDownLatch(1), ownClasses());
        } catch (IOException e) {
            System.err.println("trellis-cni: " + e.getMessage());
            return 1;
        }
    }

    /**
     * As {@link #run(String[], Map)}; {@code stop} ends a {@code --watch} (tests count it down), {@code pluginJar}
     * is what gets installed (this code's own jar in production).
     */
    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err, CountDownLatch stop,
            Path pluginJar) {
        List<String> args = new ArrayList<>(List.of(argv));
        String command = args.removeFirst();
        boolean watch = args.remove("--watch");
        if (!command.equals("install") && !command.equals("uninstall") || watch && command.equals("uninstall")) {
            err.println("trellis-cni: unknown command '" + String.join(" ", argv) + "'\n" + USAGE);
            return 2;
        }
        InstallSettings settings;
        try {
            settings = InstallSettings.read(args, env);
        } catch (ConfigException e) {
            err.println("trellis-cni: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            if (command.equals("uninstall")) {
                uninstall(settings, pluginJar, out);
                return 0;
            }
            return install(settings, pluginJar, watch, out, stop);
        } catch (IOException e) {
            err.println("trellis-cni: " + command + " failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int install(InstallSettings settings, Path pluginJar, boolean watch, PrintStream out,
            CountDownLatch stop) throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (settings.copyJre()) {
            javaHome = JreCopy.ensure(javaHome, settings.runtimeDir());
            out.println("trellis-cni: JRE in " + javaHome);
        }
        CniInstaller installer = new CniInstaller(config(settings, javaHome, pluginJar));
        installer.installBinaries();
        if (settings.copyJre()) {
            JreCopy.prune(settings.runtimeDir(), javaHome);
        }
        out.println("trellis-cni: launcher in " + settings.binDir().resolve(InstallerConfig.LAUNCHER_NAME));
        if (!watch) {
            Path conflist = installer.ensure().orElseThrow(() -> new IOException("cni-conf-dir "
                    + settings.confDir() + ": no .conflist or .conf file (expected: the primary CNI's configuration;"
                    + " is it installed? --watch waits for it)"));
            out.println("trellis-cni: chained into " + conflist);
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "trellis-cni-stop"));
        try (ConflistWatcher watcher = ConflistWatcher.start(installer)) {
            out.println("trellis-cni: watching " + settings.confDir() + " to keep our entry last");
            stop.await();
        }
        return 0;
    }

    private static void uninstall(InstallSettings settings, Path pluginJar, PrintStream out) throws IOException {
        new CniInstaller(config(settings, Path.of(System.getProperty("java.home")), pluginJar)).uninstall();
        JreCopy.prune(settings.runtimeDir(), null);
        out.println("trellis-cni: removed from " + settings.confDir() + ", " + settings.binDir() + " and "
                + settings.runtimeDir());
    }

    private static InstallerConfig config(InstallSettings settings, Path javaHome, Path pluginJar) {
        return new InstallerConfig(settings.binDir(), settings.confDir(), settings.conflist(), javaHome, pluginJar,
                settings.agentSocket(), settings.failOpen(), settings.runtimeDir(), settings.excludeNamespaces());
    }

    /** The jar (or, in development, the classes directory) this code was loaded from. */
    private static Path ownClasses() throws IOException {
        try {
            return Path.of(CniMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the plugin's own classes: " + e.getMessage(), e);
        }
    }
}
