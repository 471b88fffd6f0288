package dev.trellis.ctl.lab;

import dev.trellis.cni.CniMain;
import dev.trellis.cni.install.CniInstaller;
import dev.trellis.cni.install.InstallerConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Installs {@code trellis-cni} for the lab's nodes the way the DaemonSet installs it on a node: the launcher
 * in a CNI bin directory, the plugin jar and its ahead-of-time cache beside it, running on this JDK in place.
 * The lab's CNI chain then starts pods through the same launcher a container runtime would execute.
 * Installs again only when the plugin jar changed (a rebuild); the cache training takes seconds.
 */
final class LabCniInstall {
    private final Path dir;

    LabCniInstall(Path dir) {
        this.dir = dir;
    }

    /** The CNI bin directory holding the installed launcher. */
    static Path binDir(Path dir) {
        return dir.resolve("bin");
    }

    void ensure() {
        try {
            Path jar = pluginJar();
            Path installed = dir.resolve("runtime").resolve(InstallerConfig.JAR_NAME);
            if (Files.isExecutable(binDir(dir).resolve(InstallerConfig.LAUNCHER_NAME)) && Files.isRegularFile(jar)
                    && Files.isRegularFile(installed) && Files.size(installed) == Files.size(jar)
                    && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return;
            }
            new CniInstaller(new InstallerConfig(binDir(dir), dir.resolve("net.d"), Optional.empty(),
                    Path.of(System.getProperty("java.home")), jar, Path.of("/unused/by/binaries"), false,
                    dir.resolve("runtime"), List.of())).installBinaries();
        } catch (IOException e) {
            throw new LabException("cannot install trellis-cni for the lab in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path pluginJar() throws IOException {
        try {
            return Path.of(CniMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the trellis-cni classes: " + e.getMessage(), e);
        }
    }
}
