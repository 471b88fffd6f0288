package dev.trellis.cni.install;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file named {@code trellis-cni} that the runtime executes from its CNI bin directory: a shell script that
 * starts the JDK-only launcher with start-up flags tuned for a short-lived process: C1 only, serial GC, no perf
 * data file, and the ahead-of-time cache of the launcher's own path when one was trained ({@link AotCache}).
 * JVM logging goes to stderr: stdout belongs to the CNI result.
 */
public final class LauncherScript {
    public static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr");
    public static final String MAIN_CLASS = "dev.trellis.cni.CniMain";

    private LauncherScript() {
    }

    public static String render(Path javaHome, Path classpath, Optional<Path> aotCache) {
        String cacheFlag = aotCache.map(a -> " '-XX:AOTCache=" + a + "'").orElse("");
        return "#!/bin/sh\n"
                + "# Installed by the Trellis node-agent; removed on uninstall. Forwards to the node-agent.\n"
                + "exec '" + javaHome.resolve("bin/java") + "' " + String.join(" ", JVM_FLAGS) + cacheFlag
                + " -cp '" + classpath + "' " + MAIN_CLASS + " \"$@\"\n";
    }
}
