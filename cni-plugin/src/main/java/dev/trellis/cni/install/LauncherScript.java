package dev.trellis.cni.install;

import java.nio.file.Path;

/**
 * The file named {@code trellis-cni} that the runtime executes from its CNI bin directory: a shell script that
 * starts the JDK-only launcher with start-up flags tuned for a short-lived process (C1 only, serial GC, the
 * JDK's class-data archive).
 */
public final class LauncherScript {
    public static final String JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k"
            + " -XX:-UsePerfData";

    private LauncherScript() {
    }

    public static String render(Path javaHome, Path classpath) {
        return "#!/bin/sh\n"
                + "# Installed by the Trellis node-agent; removed on uninstall. Forwards to the node-agent.\n"
                + "exec '" + javaHome.resolve("bin/java") + "' " + JVM_FLAGS + " -cp '" + classpath + "'"
                + " dev.trellis.cni.CniMain \"$@\"\n";
    }
}
