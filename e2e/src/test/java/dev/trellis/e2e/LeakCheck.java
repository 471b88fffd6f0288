package dev.trellis.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists what the lab could leave behind on the host: network namespaces, links, resolver directories and
 * processes whose command line mentions the lab. Empty means clean.
 */
final class LeakCheck {

    private static final String PREFIX = "trl-lab";

    private LeakCheck() {
    }

    static List<String> leftovers() {
        List<String> found = new ArrayList<>();
        command("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(PREFIX))
                .forEach(n -> found.add("netns " + n));
        command("ip", "-o", "link", "show").lines().map(l -> l.split(": ")[1].split("@")[0])
                .filter(n -> n.startsWith(PREFIX)).forEach(n -> found.add("link " + n));
        Path etc = Path.of("/etc/netns");
        if (Files.isDirectory(etc)) {
            try (Stream<Path> dirs = Files.list(etc)) {
                dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).forEach(d -> found.add("dir " + d));
            } catch (IOException e) {
                found.add("unreadable " + etc);
            }
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ip netns exec " + PREFIX)).orElse(false))
                .forEach(p -> found.add("process " + p.pid() + " " + p.info().commandLine().orElse("")));
        return found;
    }

    private static String command(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
