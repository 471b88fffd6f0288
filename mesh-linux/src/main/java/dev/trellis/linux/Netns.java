package dev.trellis.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work inside other network namespaces on one dedicated platform thread, which always returns to its
 * own namespace afterwards, also when the work throws. Sockets created by the work stay in the namespace
 * they were created in: that is how the node-agent opens its listeners inside each pod.
 *
 * <p>{@code setns} changes only the calling thread, so the work must not hand the thread to anything else
 * (it is never a pool's shared thread) and must not block for long: every namespace switch queues here.
 * Needs CAP_SYS_ADMIN.
 */
public final class Netns implements AutoCloseable {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private final ExecutorService thread;
    private final int homeFd;

    private Netns() throws ExecutionException, InterruptedException {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trellis-netns");
            t.setDaemon(true);
            return t;
        });
        this.homeFd = thread.submit(() -> open(Path.of("/proc/thread-self/ns/net"))).get();
    }

    /** A runner with its own thread, at home in the caller's network namespace. */
    public static Netns runner() {
        try {
            return new Netns();
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the namespace thread", e);
        }
    }

    /**
     * Runs {@code work} inside the network namespace at {@code path} ({@code /var/run/netns/NAME} or
     * {@code /proc/PID/ns/net}) and returns its result.
     *
     * @throws LinuxException when the namespace cannot be opened or entered (the work did not run)
     */
    public <T> T call(Path path, Callable<T> work) throws Exception {
        Future<T> f = thread.submit(() -> {
            int target = open(path);
            try {
                enter(target, path.toString());
                try {
                    return work.call();
                } finally {
                    enter(homeFd, "home namespace");
                }
            } finally {
                close(target);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        close(homeFd);
    }

    static int open(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(arena);
            int fd = (int) Libc.OPEN.invoke(errno, arena.allocateFrom(path.toString()), O_RDONLY | O_CLOEXEC);
            return (int) Libc.check(fd, errno, "open(" + path + ")",
                    "is the pod's network namespace gone, or the path not a namespace?");
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open(" + path + ") could not be called: " + t, t);
        }
    }

    private static void enter(int fd, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSlot(arena);
            int r = (int) Libc.SETNS.invoke(errno, fd, CLONE_NEWNET);
            Libc.check(r, errno, "setns(" + what + ", CLONE_NEWNET)",
                    "the node-agent needs CAP_SYS_ADMIN, and the file must be a network namespace");
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setns could not be called: " + t, t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            Libc.CLOSE.invoke(Libc.errnoSlot(arena), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close(" + fd + ") could not be called: " + t, t);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
}
