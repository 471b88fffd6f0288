package dev.trellis.waypoint.proxy;

import dev.trellis.testing.hbone.TunnelEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs the real curl against a tunnel entry. */
final class Curl {

    record Result(int status, String headers, String body) {
    }

    private Curl() {
    }

    /** One request; the response head (lower-cased) and body separated. */
    static Result get(TunnelEntry entry, String path, String... extra) throws Exception {
        String url = "http://" + entry.address().getAddress().getHostAddress() + ":" + entry.address().getPort() + path;
        List<String> args = new ArrayList<>(List.of("-s", "-i", "--http1.1", url));
        args.addAll(List.of(extra));
        String out = run(entry, args.toArray(String[]::new));
        int split = out.indexOf("\r\n\r\n");
        String head = split < 0 ? out : out.substring(0, split);
        String body = split < 0 ? "" : out.substring(split + 4);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        return new Result(status, head.toLowerCase(Locale.ROOT), body);
    }

    static String run(TunnelEntry entry, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("curl");
        command.add("--max-time");
        command.add("30");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("curl did not finish: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
