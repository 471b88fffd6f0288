package dev.trellis.nodeagent.pod;

import dev.trellis.cni.server.PodRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods this node captures, kept in a small file next to the CNI socket, so that a restarted node-agent
 * takes its pods back: their redirection rules stay in place across the restart, and only the listeners
 * must be opened again. One line per pod: {@code uid namespace name containerId netns}.
 */
public final class CapturedPods {
    private static final Logger log = LoggerFactory.getLogger(CapturedPods.class);

    private final Path file;
    private final Map<String, PodRef> pods = new LinkedHashMap<>();

    public CapturedPods(Path file) {
        this.file = file;
    }

    /** The pods recorded by an earlier run whose network namespace still exists. */
    public synchronized List<PodRef> load() {
        pods.clear();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split(" ");
                if (f.length != 5) {
                    continue;
                }
                PodRef ref = new PodRef(f[1], f[2], f[0], f[3], f[4], List.of());
                if (Files.exists(ref.netnsPath())) {
                    pods.put(ref.uid(), ref);
                }
            }
        } catch (IOException e) {
            log.warn("cannot read captured pods from {}: {}", file, e.getMessage());
        }
        return List.copyOf(pods.values());
    }

    public synchronized void added(PodRef pod, String uid) {
        pods.put(uid, new PodRef(pod.namespace(), pod.name(), uid, pod.containerId().isEmpty() ? "-"
                : pod.containerId(), pod.netns(), List.of()));
        save();
    }

    public synchronized void removed(String uid) {
        if (pods.remove(uid) != null) {
            save();
        }
    }

    private void save() {
        List<String> lines = new ArrayList<>();
        pods.values().forEach(p -> lines.add(p.uid() + " " + p.namespace() + " " + p.name() + " " + p.containerId()
                + " " + p.netns()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".pods", ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot record captured pods in {}: {}", file, e.getMessage());
        }
    }
}
