package dev.trellis.controlplane.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link LocalStore} from a directory of YAML files ({@code *.yaml}, {@code *.yml}; hidden files
 * and subdirectories are ignored) and keeps it in step with the directory through a {@link WatchService}.
 *
 * <p>Each file owns the objects it defines. When a file changes, its objects replace the ones it held in
 * one store change (objects no longer in it are deleted); when it is removed, its objects are deleted. A
 * file that does not parse or validate, or that defines an object another file already defines, is refused
 * as a whole: the error is logged and listed in {@link #errors()}, and the objects it held stay as they
 * were until the file is fixed.
 *
 * <p>The VIPs the store allocates are kept in {@value VipStateFile#FILE_NAME} in the directory (a hidden
 * file, so never read as objects) and offered back to the store on the next start, so that every Service
 * keeps its VIP across restarts.
 *
 * <p>Invariant: the ownership maps are written only by the thread that loads or watches (the constructor's
 * caller during the first load, then the watcher thread); {@link #errors()} is safe from any thread.
 */
public final class DirectoryStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryStore.class);
    /** Events this close together are handled as one batch, so a file written in pieces is read once. */
    private static final long SETTLE_MILLIS = 50;
    private static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private final Path directory;
    private final LocalStore store;
    private final WatchService watcher;
    private final Map<Path, Set<ObjectKey>> owned = new HashMap<>();
    private final Map<ObjectKey, Path> owners = new HashMap<>();
    private final Map<Path, String> errors = new ConcurrentHashMap<>();
    private final Thread thread;
    private Map<ObjectKey, InetAddress> savedVips = Map.of();
    /** Set when a file gave up objects: a file refused for defining one of them may now be accepted. */
    private boolean released;

    private DirectoryStore(Path directory, LocalStore store) throws IOException {
        this.directory = directory;
        this.store = store;
        this.watcher = directory.getFileSystem().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        loadVips();
        rescan();
        this.thread = Thread.ofPlatform().daemon().name("trellis-directory-store").unstarted(this::watch);
    }

    /**
     * Loads every file of {@code directory} into {@code store} (refusing bad files, keeping the good ones),
     * then watches it. Changes made after this returns are seen.
     *
     * @throws IOException when the directory cannot be listed or watched
     */
    public static DirectoryStore start(Path directory, LocalStore store) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a directory (expected: the store's "
                    + "directory of YAML files)");
        }
        DirectoryStore directoryStore = new DirectoryStore(directory.toAbsolutePath(), store);
        directoryStore.thread.start();
        return directoryStore;
    }

    /** The files refused now and why, by file name. */
    public Map<String, String> errors() {
        Map<String, String> byName = new TreeMap<>();
        errors.forEach((path, message) -> byName.put(path.getFileName().toString(), message));
        return byName;
    }

    public Path directory() {
        return directory;
    }

    /** Stops watching; the store keeps what it holds. */
    @Override
    public void close() {
        try {
            watcher.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            log.warn("closing the watch on {}: {}", directory, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Set<Path> changed = new TreeSet<>();
                boolean overflow = false;
                for (; key != null; key = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
                    overflow |= collect(key, changed);
                }
                if (overflow) {
                    rescan();
                } else {
                    changed.forEach(this::sync);
                }
                retryRefusedAfterRelease();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("stopped watching {}", directory);
        } catch (RuntimeException e) {
            log.error("watching {} failed; the store keeps what it holds but no longer follows the files",
                    directory, e);
        }
    }

    private void retryRefusedAfterRelease() {
        if (released) {
            released = false;
            new TreeSet<>(errors.keySet()).forEach(this::sync);
        }
    }

    private boolean collect(WatchKey key, Set<Path> changed) {
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
            } else if (event.context() instanceof Path name && isStoreFile(name)) {
                changed.add(directory.resolve(name));
            }
        }
        if (!key.reset()) {
            log.error("{} can no longer be watched (removed or renamed?); the store keeps what it holds", directory);
        }
        return overflow;
    }

    private void loadVips() {
        try {
            savedVips = VipStateFile.read(directory.resolve(VipStateFile.FILE_NAME));
            store.preferVips(savedVips);
        } catch (IOException e) {
            log.warn("ignoring the saved VIPs: {}; services may get new VIPs", e.getMessage());
        }
    }

    private void saveVips() {
        Map<ObjectKey, InetAddress> now = store.allocatedVips();
        if (now.equals(savedVips)) {
            return;
        }
        try {
            VipStateFile.write(directory.resolve(VipStateFile.FILE_NAME), now);
            savedVips = now;
        } catch (IOException e) {
            log.warn("cannot save VIPs to {}: {}; they may change on restart", directory, e.toString());
        }
    }

    /** Syncs every file there is and every file that held objects (those may be gone). */
    private void rescan() {
        Set<Path> files = new TreeSet<>(owned.keySet());
        files.addAll(errors.keySet());
        try (Stream<Path> listing = Files.list(directory)) {
            listing.filter(p -> isStoreFile(p.getFileName())).forEach(files::add);
        } catch (IOException e) {
            log.error("listing {}: {}; keeping what the store holds", directory, e.toString());
            return;
        }
        files.forEach(this::sync);
    }

    private void sync(Path file) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            forget(file);
            return;
        }
        try {
            List<Resource> objects = YamlResourceReader.read(read(file), name);
            Set<ObjectKey> keys = keysOwnedOnlyBy(file, objects);
            Set<ObjectKey> gone = new HashSet<>(owned.getOrDefault(file, Set.of()));
            gone.removeAll(keys);
            Change change = store.replace(gone, objects);
            own(file, keys);
            saveVips();
            if (errors.remove(file) != null) {
                log.info("{}: accepted again", name);
            }
            if (!change.isEmpty()) {
                log.info("{}: created {}, updated {}, deleted {} (revision {})", name, change.created(),
                        change.updated(), change.deleted(), change.revision());
            }
        } catch (StoreException e) {
            refuse(file, e.getMessage());
        } catch (IOException e) {
            refuse(file, name + ": cannot be read: " + e);
        }
    }

    private void forget(Path file) {
        Set<ObjectKey> keys = owned.getOrDefault(file, Set.of());
        errors.remove(file);
        if (keys.isEmpty()) {
            owned.remove(file);
            return;
        }
        Change change = store.delete(keys);
        own(file, Set.of());
        log.info("{}: removed; deleted {} (revision {})", file.getFileName(), change.deleted(), change.revision());
    }

    private void refuse(Path file, String message) {
        errors.put(file, message);
        log.warn("refused {} (the store keeps its previous objects): {}", file.getFileName(), message);
    }

    private Set<ObjectKey> keysOwnedOnlyBy(Path file, List<Resource> objects) {
        Set<ObjectKey> keys = new HashSet<>();
        for (Resource r : objects) {
            Path owner = owners.get(r.key());
            if (owner != null && !owner.equals(file)) {
                throw new ConflictException(file.getFileName() + ": " + r.key() + ": already defined in "
                        + owner.getFileName() + " (expected: each object in one file)");
            }
            keys.add(r.key());
        }
        return keys;
    }

    private void own(Path file, Set<ObjectKey> keys) {
        for (ObjectKey old : owned.getOrDefault(file, Set.of())) {
            owners.remove(old);
            released |= !keys.contains(old);
        }
        if (keys.isEmpty()) {
            owned.remove(file);
            return;
        }
        owned.put(file, Set.copyOf(keys));
        keys.forEach(k -> owners.put(k, file));
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8", e);
        }
    }

    private static boolean isStoreFile(Path name) {
        String s = name.getFileName().toString();
        return !s.startsWith(".") && (s.endsWith(".yaml") || s.endsWith(".yml"));
    }
}
