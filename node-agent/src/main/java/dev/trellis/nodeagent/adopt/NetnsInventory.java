package dev.trellis.nodeagent.adopt;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distinct network namespaces of the node, each named by one path that opens it. Runtimes bind-mount
 * a pod's namespace under a directory such as {@code /var/run/netns} (containerd, CRI-O, {@code ip netns});
 * any namespace a process is in is also reachable as {@code /proc/PID/ns/net}. Both are listed, deduplicated
 * by the namespace's inode, preferring the bind mount (it outlives any one process). The caller's own
 * namespace (the node's) is left out.
 */
public final class NetnsInventory {
    private final List<Path> bindMountDirs;
    private final Path proc;

    public NetnsInventory(List<Path> bindMountDirs, Path proc) {
        this.bindMountDirs = List.copyOf(bindMountDirs);
        this.proc = proc;
    }

    public static NetnsInventory ofHost() {
        return new NetnsInventory(List.of(Path.of("/var/run/netns"), Path.of("/run/netns")), Path.of("/proc"));
    }

    /** One path per namespace other than our own, bind mounts first. */
    public List<Path> namespaces() {
        // Our own namespace through our own /proc: the host's /proc mounted in a container has no "self" for us.
        Optional<Long> own = inode(Path.of("/proc/self/ns/net"));
        Map<Long, Path> byInode = new LinkedHashMap<>();
        for (Path dir : bindMountDirs) {
            collect(entries(dir), byInode);
        }
        collect(processNamespaces(), byInode);
        own.ifPresent(byInode::remove);
        return List.copyOf(byInode.values());
    }

    private static void collect(List<Path> candidates, Map<Long, Path> byInode) {
        for (Path candidate : candidates) {
            inode(candidate).ifPresent(ino -> byInode.putIfAbsent(ino, candidate));
        }
    }

    private List<Path> processNamespaces() {
        List<Path> paths = new ArrayList<>();
        for (Path pidDir : entries(proc)) {
            if (pidDir.getFileName().toString().chars().allMatch(Character::isDigit)) {
                paths.add(pidDir.resolve("ns/net"));
            }
        }
        return paths;
    }

    private static List<Path> entries(Path dir) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            // an unreadable directory holds nothing we can enter either
        }
        return entries;
    }

    /** The inode of the namespace a path opens; empty for a vanished process or a file that is not one. */
    static Optional<Long> inode(Path path) {
        try {
            return Optional.of((Long) Files.getAttribute(path, "unix:ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
