package dev.trellis.controlplane.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store API changed, appended to a hidden file in the store directory and replayed at start, so
 * that objects applied with meshctl (and the pod addresses the lab reported) survive a restart of the
 * control plane like the directory's own files do. One line per accepted call: {@code apply|delete <source>
 * <yaml>} (both base64), or {@code status <namespace> <name> <ready> <ip,ip>}.
 */
public final class StoreJournal {
    private static final Logger log = LoggerFactory.getLogger(StoreJournal.class);
    public static final String FILE = ".trellis-journal";

    private final Path file;

    public StoreJournal(Path storeDir) {
        this.file = storeDir.resolve(FILE);
    }

    /** Replays the journal into {@code target}; an entry that fails now is logged and skipped. */
    public void replay(Target target) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            log.error("store journal {} unreadable: {}", file, e.getMessage());
            return;
        }
        int replayed = 0;
        for (String line : lines) {
            String[] f = line.split(" ", -1);
            try {
                switch (f[0]) {
                    case "apply" -> target.apply(decode(f[2]), decode(f[1]));
                    case "delete" -> target.delete(decode(f[2]), decode(f[1]));
                    case "status" -> target.podStatus(f[1], f[2], Boolean.parseBoolean(f[3]),
                            f[4].isEmpty() ? List.of() : List.of(f[4].split(",")));
                    default -> throw new IllegalArgumentException("unknown entry '" + f[0] + "'");
                }
                replayed++;
            } catch (RuntimeException e) {
                log.warn("store journal: entry skipped ({}): {}", f[0], e.getMessage());
            }
        }
        log.info("store journal: replayed {} of {} changes made through the store API", replayed, lines.size());
    }

    void applied(String source, String yaml) {
        append("apply " + encode(source) + " " + encode(yaml));
    }

    void deleted(String source, String yaml) {
        append("delete " + encode(source) + " " + encode(yaml));
    }

    void podStatus(String namespace, String name, boolean ready, List<String> ips) {
        append("status " + namespace + " " + name + " " + ready + " " + String.join(",", ips));
    }

    private synchronized void append(String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("store journal {}: cannot record a change ({}); it will not survive a restart", file,
                    e.getMessage());
        }
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** Where replayed changes go (the store). */
    public interface Target {
        void apply(String yaml, String source);

        void delete(String yaml, String source);

        void podStatus(String namespace, String name, boolean ready, List<String> ips);
    }
}
