package dev.trellis.cni.install;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Keeps our entry in the conflist: watches the CNI configuration directory and calls
 * {@link CniInstaller#ensure()} after every change (the primary CNI may rewrite its file at any time, dropping
 * us). Our own rewrite triggers one more event, which finds the entry in place and writes nothing.
 */
public final class ConflistWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConflistWatcher.class);

    private final CniInstaller installer;
    private final WatchService watch;
    private final Thread thread;

    private ConflistWatcher(CniInstaller installer, WatchService watch) {
        this.installer = installer;
        this.watch = watch;
        this.thread = Thread.ofPlatform().name("trellis-cni-conflist-watch").daemon().unstarted(this::loop);
    }

    public static ConflistWatcher start(CniInstaller installer) throws IOException {
        WatchService watch = FileSystems.getDefault().newWatchService();
        installer.config().cniConfDir().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        ConflistWatcher watcher = new ConflistWatcher(installer, watch);
        watcher.thread.start();
        installer.ensure();
        return watcher;
    }

    @Override
    public void close() throws IOException {
        watch.close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            key.pollEvents();
            try {
                installer.ensure().ifPresent(file -> log.debug("conflist {} checked", file));
            } catch (IOException e) {
                log.warn("keeping trellis-cni in the CNI configuration failed: {}", e.getMessage());
            }
            if (!key.reset()) {
                log.warn("CNI configuration directory {} is gone; no longer watching",
                        installer.config().cniConfDir());
                return;
            }
        }
    }
}
