package dev.trellis.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Passes open file descriptors between processes over a unix-domain socket (SCM_RIGHTS): a new node-agent
 * takes over the old one's listening sockets during an upgrade this way, so no connection is refused.
 * The receiver gets new descriptor numbers for the same open sockets; each side closes its own.
 */
public final class FdPassing {

    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    /** struct msghdr / iovec / cmsghdr on 64-bit Linux. */
    private static final int MSGHDR_SIZE = 56;
    private static final int CMSG_HEADER = 16;
    public static final int MAX_FDS = 64;

    private FdPassing() {
    }

    /** What {@link #receive} got: the payload bytes and the descriptors that came with them. */
    public record Received(byte[] payload, int[] fds) {
    }

    /** Sends {@code payload} (at least one byte) with {@code fds} on the connected unix socket {@code socketFd}. */
    public static void send(int socketFd, byte[] payload, int... fds) {
        if (payload.length == 0 || fds.length == 0 || fds.length > MAX_FDS) {
            throw new IllegalArgumentException("send: payload " + payload.length + " bytes, " + fds.length
                    + " fds (expected: a payload, 1-" + MAX_FDS + " fds)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, payload);
            MemorySegment control = arena.allocate(CMSG_HEADER + 8L * ((fds.length * 4 + 7) / 8));
            control.set(ValueLayout.JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
            control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                control.set(ValueLayout.JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
            }
            MemorySegment msg = message(arena, data, payload.length, control);
            MemorySegment errno = Libc.errnoSlot(arena);
            long n = (long) Libc.SENDMSG.invoke(errno, socketFd, msg, 0);
            Libc.check(n, errno, "sendmsg(fd " + socketFd + ", " + fds.length + " fds)", "is the peer still there?");
        } catch (LinuxException | IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sendmsg could not be called: " + t, t);
        }
    }

    /** Receives one message of at most {@code maxPayload} bytes and the descriptors sent with it. */
    public static Received receive(int socketFd, int maxPayload) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(maxPayload);
            MemorySegment control = arena.allocate(CMSG_HEADER + 4L * MAX_FDS);
            MemorySegment msg = message(arena, data, maxPayload, control);
            MemorySegment errno = Libc.errnoSlot(arena);
            long n = (long) Libc.RECVMSG.invoke(errno, socketFd, msg, MSG_CMSG_CLOEXEC);
            Libc.check(n, errno, "recvmsg(fd " + socketFd + ")", "");
            long controlLength = msg.get(ValueLayout.JAVA_LONG, 40);
            int[] fds = new int[0];
            if (controlLength >= CMSG_HEADER && control.get(ValueLayout.JAVA_INT, 8) == SOL_SOCKET
                    && control.get(ValueLayout.JAVA_INT, 12) == SCM_RIGHTS) {
                int count = (int) ((control.get(ValueLayout.JAVA_LONG, 0) - CMSG_HEADER) / 4);
                fds = new int[count];
                for (int i = 0; i < count; i++) {
                    fds[i] = control.get(ValueLayout.JAVA_INT, CMSG_HEADER + 4L * i);
                }
            }
            return new Received(Arrays.copyOf(data.toArray(ValueLayout.JAVA_BYTE), (int) n), fds);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("recvmsg could not be called: " + t, t);
        }
    }

    /** A connected pair of unix stream sockets (for hand-over between threads or tests). */
    public static int[] socketPair() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pair = arena.allocate(ValueLayout.JAVA_INT, 2);
            MemorySegment errno = Libc.errnoSlot(arena);
            int r = (int) Libc.SOCKETPAIR.invoke(errno, AF_UNIX, SOCK_STREAM | 0x80000, 0, pair);
            Libc.check(r, errno, "socketpair(AF_UNIX)", "");
            return new int[] {pair.get(ValueLayout.JAVA_INT, 0), pair.get(ValueLayout.JAVA_INT, 4)};
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("socketpair could not be called: " + t, t);
        }
    }

    /** Closes a descriptor this process owns (for example one received here and not used). */
    public static void close(int fd) {
        Netns.close(fd);
    }

    private static MemorySegment message(Arena arena, MemorySegment data, long length, MemorySegment control) {
        MemorySegment iov = arena.allocate(16);
        iov.set(ValueLayout.ADDRESS, 0, data);
        iov.set(ValueLayout.JAVA_LONG, 8, length);
        MemorySegment msg = arena.allocate(MSGHDR_SIZE);
        msg.set(ValueLayout.ADDRESS, 16, iov);
        msg.set(ValueLayout.JAVA_LONG, 24, 1);
        msg.set(ValueLayout.ADDRESS, 32, control);
        msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
        return msg;
    }
}
