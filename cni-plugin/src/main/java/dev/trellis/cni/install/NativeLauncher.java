package dev.trellis.cni.install;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The fast launcher built from {@code src/main/c/trellis-cni.c} into the plugin's classes, for this machine's
 * architecture: a forwarder of about a millisecond that hands over to the Java launcher whenever it cannot
 * take the fast path. Absent where the build had no C compiler; the Java launcher then stands alone.
 */
final class NativeLauncher {
    private NativeLauncher() {
    }

    /** The launcher's bytes for {@code os.arch}, if the build made one. */
    static Optional<byte[]> forThisMachine() throws IOException {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        try (InputStream in = NativeLauncher.class.getResourceAsStream("/native/linux-" + arch + "/trellis-cni")) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }
}
