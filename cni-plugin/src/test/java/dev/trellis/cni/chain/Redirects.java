package dev.trellis.cni.chain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves a redirect: a listener in the pod reports the original destination of a connection made to port 8080. */
final class Redirects {
    private Redirects() {
    }

    /** Starts the listener on {@code port} in the pod, connects to {@code target}:8080 from {@code client}. */
    static String originalDestination(TestNetns pod, int port, List<String> client, String target)
            throws Exception {
        String testClasses = Path.of(OriginalDestinationListener.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        Process listener = new ProcessBuilder("nsenter", "--net=" + pod.path(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", testClasses, OriginalDestinationListener.class.getName(), Integer.toString(port))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("listening");
            List<String> connect = new ArrayList<>(client);
            connect.addAll(List.of("bash", "-c", "exec 3<>/dev/tcp/" + target + "/8080"));
            Exec.Result connected = Exec.sh(connect.toArray(String[]::new));
            assertThat(connected.exitCode()).as(connected.stderr()).isZero();
            String line = out.readLine();
            assertThat(line).startsWith("original-destination ");
            return line.substring("original-destination ".length());
        } finally {
            listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

}
